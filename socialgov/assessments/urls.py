from django.urls import path

from socialgov.assessments import views

app_name = "assessments"
urlpatterns = [
    path("", views.assessment_list, name="assessment-list"),
    path("new/", views.assessment_create, name="assessment-create"),
    path("<int:pk>/", views.assessment_detail, name="assessment-detail"),
    path("<int:pk>/answer/", views.assessment_answer, name="assessment-answer"),
    path("<int:pk>/complete/", views.assessment_complete, name="assessment-complete"),
    path("<int:pk>/gap-tasks/", views.gap_tasks, name="gap-tasks"),
    path("<int:pk>/report.pdf", views.assessment_pdf_view, name="assessment-pdf"),
]
