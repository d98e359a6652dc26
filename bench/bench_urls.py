"""The app's URLs plus the baseline: a bare Django view that inserts one row."""

import json

from django.contrib.auth.decorators import login_not_required
from django.db import connection, transaction
from django.http import JsonResponse
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt


@login_not_required
@csrf_exempt
def insert_one(request):
    body = json.loads(request.body)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO bench_row (client_id, body) VALUES (%s, %s)",
            [str(body.get("client_id")), request.body.decode()],
        )
    return JsonResponse({"ok": True}, status=201)


urlpatterns = [path("bench/insert-one", insert_one), path("", include("cophub.urls"))]
