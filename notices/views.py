"""Staff pages of notices: the daily mail batches (PRODUCT P5).

Mail batches hold every mailed applicant's name and address, so they need their
own permission, ``notices.download_mail_batch`` (not merely ``view_notice``).
"""

import logging

from django.contrib.auth.decorators import login_required, permission_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render

from . import selectors
from .models import MailBatch

logger = logging.getLogger(__name__)

PERMISSION = "notices.download_mail_batch"


@login_required
@permission_required(PERMISSION, raise_exception=True)
def mail_batch_list(request):
    return render(request, "notices/mail_batch_list.html", {"batches": selectors.mail_batches()[:60]})


@login_required
@permission_required(PERMISSION, raise_exception=True)
def mail_batch_download(request, pk, kind):
    batch = get_object_or_404(MailBatch, pk=pk, built_at__isnull=False)
    if kind == "pdf":
        file, filename = batch.pdf, f"mail-batch-{batch.batch_date}.pdf"
    elif kind == "manifest":
        file, filename = batch.manifest, f"mail-batch-{batch.batch_date}-manifest.csv"
    else:
        raise Http404("No such file.")
    logger.info("mail batch %s %s downloaded by user %s", batch.pk, kind, request.user.pk)
    return FileResponse(file.open("rb"), as_attachment=True, filename=filename)
