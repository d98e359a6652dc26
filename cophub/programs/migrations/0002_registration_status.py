# Registration gains a status (registered … no-show), a source and an unguessable
# check-in code; "attended" becomes the status "attended".
import secrets

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import cophub.programs.models


def forward(apps, schema_editor):
    Registration = apps.get_model("programs", "Registration")
    for r in Registration.objects.all().only("pk", "attended"):
        Registration.objects.filter(pk=r.pk).update(
            status="attended" if r.attended else "registered",
            checkin_code=secrets.token_urlsafe(16),
        )


def backward(apps, schema_editor):
    Registration = apps.get_model("programs", "Registration")
    Registration.objects.filter(status="attended").update(attended=True)


class Migration(migrations.Migration):
    dependencies = [
        ("programs", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="registration",
            name="status",
            field=models.CharField(
                choices=[("registered", "Registered"), ("waiting", "Waiting list"),
                         ("cancelled", "Cancelled"), ("attended", "Attended"), ("no_show", "No-show")],
                default="registered", max_length=12, verbose_name="status",
            ),
        ),
        migrations.AddField(
            model_name="registration",
            name="source",
            field=models.CharField(
                choices=[("self", "Registered themselves"), ("nominated", "Nominated by a coordinator"),
                         ("imported", "Imported from a list"), ("organiser", "Added by the organiser")],
                default="organiser", max_length=12, verbose_name="source",
            ),
        ),
        migrations.AddField(
            model_name="registration",
            name="nominated_by",
            field=models.ForeignKey(
                blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL,
                related_name="+", to=settings.AUTH_USER_MODEL, verbose_name="nominated by",
            ),
        ),
        migrations.AddField(
            model_name="registration",
            name="checkin_code",
            field=models.CharField(max_length=32, null=True),
        ),
        migrations.AddField(
            model_name="registration",
            name="checked_in_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="checked in at"),
        ),
        migrations.AddField(
            model_name="registration",
            name="survey_ticket_issued",
            field=models.BooleanField(default=False),
        ),
        migrations.AddField(
            model_name="registration",
            name="survey_answered",
            field=models.BooleanField(default=False),
        ),
        migrations.RunPython(forward, backward),
        migrations.AlterField(
            model_name="registration",
            name="checkin_code",
            field=models.CharField(
                default=cophub.programs.models.new_checkin_code, max_length=32, unique=True
            ),
        ),
        migrations.RemoveField(model_name="registration", name="attended"),
        migrations.AddIndex(
            model_name="registration",
            index=models.Index(fields=["activity", "status"], name="registration_status"),
        ),
    ]
