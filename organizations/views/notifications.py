"""The signed-in user's notifications (thông báo): the list behind the bell, open, mark all read."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from organizations.access import get_for_user, local_url
from organizations.models import Notification
from organizations.notifications import notification_mark_read, notifications_mark_all_read


@login_required
@require_GET
def notification_list(request):
    notices = Notification.objects.filter(recipient=request.user).order_by("-created_at", "-id")
    page = Paginator(notices, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "organizations/notification_list.html", {"page": page})


@login_required
@require_POST
def notification_open(request, pk):
    notice = get_for_user(request, Notification, pk=pk)
    notification_mark_read(notification=notice)
    return redirect(local_url(request, notice.url) or "organizations:notification_list")


@login_required
@require_POST
def notification_read_all(request):
    count = notifications_mark_all_read(user=request.user)
    if count:
        messages.success(request, _("All notifications are marked as read."))
    return redirect("organizations:notification_list")
