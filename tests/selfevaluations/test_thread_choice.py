"""Item 14 of issue 11: the dialogue's criterion choice never cuts a text mid-word."""

from keurmerk.selfevaluations.forms import MessageForm
from keurmerk.selfevaluations.models import Answer


def test_criterion_choices_end_on_a_whole_word(self_evaluation):
    criteria = [
        a.criterion
        for a in Answer.objects.filter(self_evaluation=self_evaluation).select_related("criterion__norm")
    ]
    labels = [label for _pk, label in MessageForm(criteria=criteria).fields["criterion"].choices[1:]]
    texts = {f"{c.norm.number}.{c.number}": c.text.split() for c in criteria}
    for label in labels:
        number, *words = label.split()
        if words[-1].endswith("…"):
            words[-1] = words[-1][:-1]
            assert words == texts[number][: len(words)], label
        else:
            assert words == texts[number], label
