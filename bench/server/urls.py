"""The project's URLs plus `/bench/bare/`: a Django view that only answers.

It goes through the same middleware as the autosave (sessions are loaded lazily, so it reads none;
the CSRF check runs) and answers what the load generator needs: the posted version plus one.
"""

from django.http import HttpResponse
from django.urls import include, path
from django.views.decorators.http import require_POST


@require_POST
def bare(request):
    response = HttpResponse("ok")
    response["X-Answer-Version"] = str(int(request.POST.get("version", "0")) + 1)
    return response


urlpatterns = [path("bench/bare/", bare), path("", include("keurmerk.urls"))]
