from django.db import migrations


def seed(apps, schema_editor):
    from approvals.models import seed_langkah

    Unit = apps.get_model("approvals", "Unit")
    LangkahSop = apps.get_model("approvals", "LangkahSop")
    for unit in Unit.objects.filter(induk=None):
        seed_langkah(LangkahSop, unit)


class Migration(migrations.Migration):
    dependencies = [("approvals", "0004_mutu_baku")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
