"""API: files of a room. Downloads go through the access check, always as attachments."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import FileResponse, Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, parsers, status
from rest_framework.request import Request
from rest_framework.response import Response

from collab import access
from collab.api.common import RoomAccess, object_in_room
from collab.api.serializers import FileSerializer
from collab.models import RoomFile
from collab.services.files import file_delete, file_upload
from marketplace.filetypes import protected_download


class FileList(RoomAccess, generics.ListCreateAPIView):
    rate_limited = {"post": "upload"}  # marketplace/ratelimits.py
    serializer_class = FileSerializer
    parser_classes = [parsers.MultiPartParser, parsers.FormParser]

    def get_queryset(self) -> QuerySet[RoomFile]:
        if getattr(self, "swagger_fake_view", False):  # schema generation
            return RoomFile.objects.none()
        return RoomFile.objects.filter(room=self.room).select_related("uploaded_by")

    def perform_create(self, serializer: Any) -> None:
        serializer.instance = file_upload(
            actor=self.request.user,
            room=self.room_for_writing(),
            upload=serializer.validated_data["file"],
        )


class FileDetail(RoomAccess):
    serializer_class = FileSerializer

    def get(self, request: Request, room_pk: int, pk: int) -> Response:
        return Response(FileSerializer(object_in_room(RoomFile.objects, self.room, pk)).data)

    def delete(self, request: Request, room_pk: int, pk: int) -> Response:
        room_file = access.file_for_removal(request.user, room_pk, pk)
        file_delete(actor=request.user, room_file=room_file)
        return Response(status=status.HTTP_204_NO_CONTENT)


class FileDownload(RoomAccess):
    serializer_class = FileSerializer

    @extend_schema(
        responses={
            (200, "*/*"): OpenApiResponse(
                OpenApiTypes.BINARY,
                description="The file's bytes, as an attachment, with the type read from its "
                "content at upload (the file's content_type).",
            )
        }
    )
    def get(self, request: Request, room_pk: int, pk: int) -> FileResponse:
        room_file = object_in_room(RoomFile.objects, self.room, pk)
        try:
            handle = room_file.file.open("rb")
        except FileNotFoundError:
            raise Http404 from None
        return protected_download(handle, name=room_file.name, content_type=room_file.content_type)
