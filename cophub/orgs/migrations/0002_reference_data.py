from django.db import migrations

from cophub.orgs.reference import load_reference_data


def load(apps, schema_editor):
    load_reference_data(apps.get_model("orgs", "Province"), apps.get_model("orgs", "Organization"))


class Migration(migrations.Migration):
    dependencies = [("orgs", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
