from django.conf import settings


def site(request):
    return {"scheme_owner": settings.SCHEME_OWNER}
