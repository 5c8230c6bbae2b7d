-- POST /consultation/ with a fresh signed form token in every request.
--
-- Arguments (after --): the file of urlencoded bodies (one per line), the number of threads,
-- and the Cookie header (the CSRF cookie whose token is in every body).
--
-- Run with as many threads as connections (-t N -c N): each thread then has one connection, its
-- answers come back in the order it sent its requests, and the benchmark can tell exactly which
-- tokens were answered with 303 and which one was still in flight when wrk stopped.
-- Thread k sends lines k, k + N, k + 2N, ... of the file, so no two threads share a token.

local threads = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  local path, thread_count = args[1], tonumber(args[2])
  bodies = {}
  local line_number = 0
  for line in io.lines(path) do
    if line ~= "" then
      if line_number % thread_count == id then bodies[#bodies + 1] = line end
      line_number = line_number + 1
    end
  end
  token_count = #bodies
  sent, answered, see_other, reused = 0, 0, 0, 0
  -- wrk calls request() once on its first thread before the run starts, to see whether the
  -- script pipelines requests, and never sends what that call returns: it must not use a token.
  if id == 0 then sent = -1 end
  others = ""  -- "answer number:status," for every answer that is not a 303
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
  wrk.headers["Cookie"] = args[3]
end

function request()
  sent = sent + 1
  if sent > #bodies then reused = reused + 1 end  -- out of tokens: the report says so
  return wrk.format(nil, nil, nil, bodies[(math.max(sent, 1) - 1) % #bodies + 1])
end

function response(status, headers, body)
  answered = answered + 1
  if status == 303 then
    see_other = see_other + 1
  else
    others = others .. answered .. ":" .. status .. ","
  end
end

function thread_report()
  local parts = {}
  for _, thread in ipairs(threads) do
    parts[#parts + 1] = string.format(
      '{"id": %d, "tokens": %d, "sent": %d, "answered": %d, "see_other": %d, "reused": %d, "others": "%s"}',
      thread:get("id"), thread:get("token_count"), thread:get("sent"), thread:get("answered"),
      thread:get("see_other"), thread:get("reused"), thread:get("others"))
  end
  return "[" .. table.concat(parts, ", ") .. "]"
end
