"""Verifying the audit log: walk the chain and name the first row that is not as it was written."""

from .models import AuditEvent, AuditHead


def verify():
    """Walk the log in order; return (True, count) or (False, first altered row)."""
    prev = ""
    count = 0
    for event in AuditEvent.objects.order_by("pk").iterator(chunk_size=2000):
        if event.prev_hash != prev or event.compute_hash() != event.hash:
            return False, event
        prev = event.hash
        count += 1
    head = AuditHead.objects.filter(pk=1).first()
    if head and head.last_hash != prev:
        return False, None
    return True, count
