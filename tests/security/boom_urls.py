"""The project's URLs plus one view that fails, to see what a 500 carries."""

from django.urls import path

from assessor.urls import urlpatterns as project_patterns


def boom(request):
    raise RuntimeError("a bug, as a 500 would come from")


urlpatterns = [path("boom/", boom), *project_patterns]
