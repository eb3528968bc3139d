from django.urls import path

from assessor.assessment_language import speaking
from assessor.workshops import views

app_name = "workshops"

_workshop = "orgs/<slug:slug>/assessments/<uuid:code>/workshops/<uuid:workshop>/"

# The board, the projector and the phones speak the assessment's language
# (a participant may pick their own for their phone).
urlpatterns = speaking(
    [
        # Facilitators, under the assessment they run the workshop on.
        path("orgs/<slug:slug>/assessments/<uuid:code>/workshop/", views.start, name="start"),
        path(_workshop, views.present, name="present"),
        path(_workshop + "board/", views.board, name="board"),
        path(_workshop + "go/", views.go, name="go"),
        path(_workshop + "reveal/", views.reveal, name="reveal"),
        path(_workshop + "voting/", views.voting, name="voting"),
        path(_workshop + "consensus/", views.consensus, name="consensus"),
        path(_workshop + "close/", views.close, name="close"),
        # Participants: short paths, typed from a slide or opened from the QR code.
        path("join/", views.join, name="join"),
        path("join/<str:join_code>/", views.join, name="join_code"),
        path("w/<uuid:code>/", views.participate, name="participate"),
        path("w/<uuid:code>/vote/", views.vote, name="vote"),
        path("w/<uuid:code>/language/", views.participant_language, name="participant_language"),
    ]
)
