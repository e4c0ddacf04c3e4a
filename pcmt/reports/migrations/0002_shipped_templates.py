from typing import Any

from django.db import migrations


def install(apps: Any, schema_editor: Any) -> None:
    from pcmt.reports.defaults import templates_install

    templates_install(apps.get_model("reports", "ReportTemplate"))


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_reports_templates_and_versions")]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
