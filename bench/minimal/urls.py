"""The one view: parse the JSON body, insert one row (one statement, autocommit), answer 201."""

import json

from django.db import connection
from django.http import JsonResponse
from django.urls import path


def insert_one(request):
    body = json.loads(request.body)
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO bench_row (client_id, body) VALUES (%s, %s)",
            [str(body.get("client_id")), request.body.decode()],
        )
    return JsonResponse({"ok": True}, status=201)


urlpatterns = [path("insert-one", insert_one)]
