"""A map analysis run in the background by the provincial police supervisor: its result is
seen in his jurisdiction (the province) by the roles that see its layer (the police and the
analysts for the hexagons of located points), by no commune officer and no health user."""

from django.contrib.auth import get_user_model

from pcmt.maps.services import map_job_start

PARAM_READERS = {"map_job_pk": {"sam", "ann"}}
PARAM_WRITERS = {"map_job_pk": set()}


def build(context):
    sam = get_user_model().objects.get(username="sam")
    job = map_job_start(
        actor=sam, params={"analysis": "hexagons", "points": "incidents", "period": "quarter"}
    )
    return {"map_job_pk": job.pk}
