"""A version on each person (optimistic concurrency) and one 12-digit personal ID per person.

Records that already share an ID number (registered past the duplicate warning) are merged
into the oldest of them before the constraint is added: nothing is deleted, and each merge can
be undone once one of the ID numbers is corrected.
"""

from django.db import migrations, models
from django.db.models import Count, Q


def merge_shared_ids(apps, schema_editor):  # type: ignore[no-untyped-def]
    Person = apps.get_model("persons", "Person")
    active = Person.objects.filter(merged_into__isnull=True).exclude(id_number_hash="")
    shared = (
        active.values("id_number_hash")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .values_list("id_number_hash", flat=True)
    )
    for id_hash in list(shared):
        holders = list(active.filter(id_number_hash=id_hash).order_by("pk"))
        keeper, others = holders[0], holders[1:]
        for other in others:
            # No chains: what was merged into a duplicate now points to the record that stays.
            Person.objects.filter(merged_into=other).update(merged_into=keeper)
            Person.objects.filter(pk=other.pk).update(
                merged_into=keeper, version=models.F("version") + 1
            )


class Migration(migrations.Migration):
    dependencies = [
        ("persons", "0012_remove_personevent_personaccess"),
    ]

    operations = [
        migrations.AddField(
            model_name="person",
            name="version",
            field=models.PositiveIntegerField(default=1, editable=False),
        ),
        migrations.RunPython(merge_shared_ids, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="person",
            constraint=models.UniqueConstraint(
                condition=Q(("id_number_hash", ""), _negated=True)
                & Q(("merged_into__isnull", True)),
                fields=("id_number_hash",),
                name="person_id_number_unique",
            ),
        ),
    ]
