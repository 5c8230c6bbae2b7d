from django.conf import settings


def site(request):
    return {
        "practice_name": settings.PRACTICE_NAME,
        "practice_phone": settings.PRACTICE_PHONE,
    }
