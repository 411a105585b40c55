"""Load campaign objects through the user's scope: anything outside the agency is a 404."""

from django.shortcuts import get_object_or_404

from campaigns.models import Campaign, Commitment, Covenant, Party, ProgressReport


def visible_campaigns(user):
    return Campaign.objects.visible_to(user)


def visible_covenants(user):
    return Covenant.objects.filter(campaign__in=visible_campaigns(user))


def get_campaign_for_user(request, code) -> Campaign:
    return get_object_or_404(
        visible_campaigns(request.user).select_related("organiser", "parent"), code=code
    )


def get_covenant_for_user(request, code) -> Covenant:
    return get_object_or_404(
        visible_covenants(request.user).select_related("campaign__organiser__parent", "amends"),
        code=code,
    )


def get_party_for_user(request, party_id) -> Party:
    return get_object_or_404(
        Party.objects.filter(covenant__in=visible_covenants(request.user)).select_related(
            "covenant__campaign", "unit", "representative"
        ),
        pk=party_id,
    )


def get_commitment_for_user(request, pk) -> Commitment:
    return get_object_or_404(
        Commitment.objects.filter(
            party__covenant__in=visible_covenants(request.user)
        ).select_related(
            "party__covenant__campaign", "party__unit", "party__representative", "focus_area"
        ),
        pk=pk,
    )


def get_report_for_user(request, pk) -> ProgressReport:
    return get_object_or_404(
        ProgressReport.objects.filter(
            commitment__party__covenant__in=visible_covenants(request.user)
        ).select_related("commitment__party__covenant__campaign", "commitment__party__unit"),
        pk=pk,
    )
