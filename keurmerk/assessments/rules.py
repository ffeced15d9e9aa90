"""Qualification, computed and never typed: qualified exactly when every required criterion is met
(handbook §1.3, Fase 3.2). Optional (exempted) criteria never count."""


def is_qualified(verdicts, required):
    """`verdicts` maps criterion id → True/False/None (not judged); `required` is the set of ids that
    count. Qualified exactly when each of them is judged met."""
    return all(verdicts.get(criterion_id) is True for criterion_id in required)


def open_required(verdicts, required):
    """Required criteria not yet judged (the report cannot be sent while any remain)."""
    return [criterion_id for criterion_id in required if verdicts.get(criterion_id) is None]
