"""REST API of casework: the worklist. Transitions are derived from `lifecycles.py`."""

from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from pcmt.accounts.scope import scope_for
from pcmt.casework import selectors
from pcmt.casework.serializers import DeterminationSerializer, ManagementSerializer
from pcmt.core.extensions import worklist_sections


class WorklistView(APIView):
    """Decisions due and periods ending in your jurisdiction."""

    @extend_schema(responses=ManagementSerializer(many=True))
    def get(self, request: Request) -> Response:
        scope = scope_for(request.user)
        worklist = selectors.worklist_for(scope)
        sections = worklist_sections(scope, worklist.today)
        return Response(
            {
                "decisions_due": ManagementSerializer(worklist.decisions_due, many=True).data,
                "periods_ending": ManagementSerializer(worklist.periods_ending, many=True).data,
                "determinations": DeterminationSerializer(worklist.determinations, many=True).data,
                "sections": [
                    {
                        "key": section.key,
                        "title": str(section.title),
                        "count": section.count,
                        "items": [
                            {
                                "person": item.person_id,
                                "label": str(item.label),
                                "due": item.due,
                                "url": item.url,
                            }
                            for item in section.items
                        ],
                    }
                    for section in sections
                ],
            }
        )
