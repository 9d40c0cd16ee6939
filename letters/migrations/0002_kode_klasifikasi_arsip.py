from django.db import migrations


def load_codes(apps, schema_editor):
    from letters import klasifikasi

    klasifikasi.load(apps.get_model("letters", "KodeKlasifikasi"))


class Migration(migrations.Migration):
    dependencies = [("letters", "0001_initial")]

    operations = [migrations.RunPython(load_codes, migrations.RunPython.noop)]
