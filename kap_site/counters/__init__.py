"""Counting events per key in fixed time windows (rate limits, login lockouts), in the
database that every server process shares. See models.EventCount."""
