"""REST API of a user's own notifications."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from pcmt.notifications import selectors, services
from pcmt.notifications.models import Notification

_TRUE = {"1", "true", "yes"}


class NotificationSerializer(serializers.ModelSerializer):
    person = serializers.IntegerField(source="person_id", allow_null=True)
    unread = serializers.SerializerMethodField()
    message = serializers.CharField(source="text", read_only=True)

    class Meta:
        model = Notification
        fields = ["id", "message", "url", "person", "created_at", "read_at", "unread"]

    def get_unread(self, notification: Notification) -> bool:
        return notification.read_at is None


class NotificationListView(APIView):
    """Your notifications, unread first; `?unread=true` lists only the unread ones."""

    @extend_schema(
        parameters=[OpenApiParameter("unread", OpenApiTypes.BOOL, required=False)],
        responses=NotificationSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        unread_only = request.query_params.get("unread", "").strip().lower() in _TRUE
        notifications = selectors.notifications_of(request.user, unread_only=unread_only)
        paginator = PageNumberPagination()
        page = paginator.paginate_queryset(notifications, request, view=self)
        return paginator.get_paginated_response(NotificationSerializer(page, many=True).data)


class NotificationReadView(APIView):
    """Mark one of your notifications read."""

    @extend_schema(request=None, responses=NotificationSerializer)
    def post(self, request: Request, notification_pk: int) -> Response:
        notification = selectors.notification_get(user=request.user, pk=notification_pk)
        notification = services.notification_mark_read(
            actor=request.user, notification=notification
        )
        return Response(NotificationSerializer(notification).data)


class NotificationReadAllView(APIView):
    """Mark all your notifications read; answers how many were unread."""

    @extend_schema(
        request=None,
        responses=inline_serializer("NotificationsMarked", {"marked": serializers.IntegerField()}),
    )
    def post(self, request: Request) -> Response:
        return Response({"marked": services.notifications_mark_all_read(actor=request.user)})
