"""Pages of a user's own notifications: the list, following one, marking all read."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from pcmt.core.views import not_found_as_404, page_number
from pcmt.notifications import selectors, services

PAGE_SIZE = 25


@login_required
@require_GET
def notification_list(request: HttpRequest) -> HttpResponse:
    """The user's notifications, unread first."""
    paginator = Paginator(selectors.notifications_of(request.user), PAGE_SIZE)
    page = paginator.get_page(page_number(request))
    return render(request, "notifications/notification_list.html", {"page": page})


@login_required
@require_GET
@not_found_as_404
def notification_open(request: HttpRequest, notification_pk: int) -> HttpResponse:
    """Mark the notification read and go where it points, if that is a page of this site."""
    notification = selectors.notification_get(user=request.user, pk=notification_pk)
    target = services.notification_open(actor=request.user, notification=notification)
    if target is None:
        if notification.url:
            messages.error(request, _("This notification's link does not lead to PCMT."))
        return redirect("notification_list")
    return redirect(target)


@login_required
@require_POST
def notification_read_all(request: HttpRequest) -> HttpResponse:
    """Mark every unread notification of the user read."""
    marked = services.notifications_mark_all_read(actor=request.user)
    if marked:
        messages.success(request, _("All notifications are marked read."))
    return redirect("notification_list")
