"""REST endpoint for moderating a Meta comment from an alert: the same service as the alert
page (`socialgov.monitoring.platforms.moderation.comment_moderate`), audited there."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from socialgov.core import permissions
from socialgov.core.api_base import StrictSerializer
from socialgov.monitoring import selectors
from socialgov.monitoring.models import Post
from socialgov.monitoring.platforms.moderation import CommentAction, comment_moderate


class CommentModerationInput(StrictSerializer):
    post = serializers.IntegerField(min_value=1)
    action = serializers.ChoiceField(choices=CommentAction.choices)


class CommentModerationView(APIView):
    """POST {"post": <post id>, "action": "hide" | "unhide" | "delete"}: moderate a comment
    that is evidence of this alert on the platform; 400 when the platform refuses."""

    @extend_schema(
        request=CommentModerationInput,
        responses=inline_serializer(
            "CommentModerationResult",
            {"post": serializers.IntegerField(), "moderation": serializers.CharField()},
        ),
    )
    def post(self, request: Request, pk: int) -> Response:
        alert = selectors.alert_get(user=request.user, pk=pk)
        if alert is None:
            raise NotFound
        data = CommentModerationInput(data=request.data)
        data.is_valid(raise_exception=True)
        post = Post.objects.filter(pk=data.validated_data["post"]).first()
        if post is None:
            raise NotFound
        post = comment_moderate(
            actor=permissions.acting_user(request.user),
            alert=alert,
            post=post,
            action=data.validated_data["action"],
        )
        return Response({"post": post.pk, "moderation": post.raw.get("moderation", "")})
