"""The course's clinical terms: one word for one thing, everywhere.

In Korean "양성" is both a *benign* tumour (양성 종양) and a *positive* test result (양성 판정),
and a clinician reading "양성으로 판정" about a breast tumour cannot tell which is meant. The
course therefore keeps the two apart:

==================  ==================================  ========================================
term                English                             meaning
==================  ==================================  ========================================
악성 종양           malignant tumour                    the disease the models look for (1)
양성 종양           benign tumour                       the other class (0)
악성 판정           positive call                       the model or test says "malignant" (1)
비악성 판정         negative call                       the model or test says "not malignant"
진양성, 위양성      true / false positive (TP, FP)      standard names of the confusion matrix
진음성, 위음성      true / false negative (TN, FN)      standard names of the confusion matrix
양성 예측도         positive predictive value (PPV)     of all 악성 판정, the share that is right
음성 예측도         negative predictive value (NPV)     of all 비악성 판정, the share that is right
==================  ==================================  ========================================

Where the classes are not tumours (a generic example), the classes are "클래스 1" and
"클래스 0" (positive / negative class). The two syllables appear nowhere else, except as the
quoted word itself in a note that explains this rule. ``tests/test_terms.py`` reads every notebook (prose, code, comments, printed
output), the library, the grading engine and the README, and fails on any other use
(:func:`misuses`).
"""
import re

__all__ = ["GLOSSARY", "ALLOWED", "misuses"]

GLOSSARY = {
    "악성 종양": "malignant tumour",
    "양성 종양": "benign tumour",
    "악성 판정": "positive call",
    "비악성 판정": "negative call",
    "진양성": "true positive, TP",
    "위양성": "false positive, FP",
    "진음성": "true negative, TN",
    "위음성": "false negative, FN",
    "양성 예측도": "positive predictive value, PPV",
    "음성 예측도": "negative predictive value, NPV",
}

# the only contexts in which the syllables 양성 / 음성 may appear (the last two: the word itself,
# quoted, where a note explains this rule)
ALLOWED = ("양성 종양", "진양성", "위양성", "양성 예측도", "진음성", "위음성", "음성 예측도",
           '"양성"', '"음성"')
_WORD = re.compile("양성|음성")


def misuses(text, context=30):
    """Snippets of ``text`` around every 양성 or 음성 that is not part of an allowed term."""
    text = re.sub(r"[ \t]*\n[ \t]*(>[ \t]*)*", " ", text)  # markdown wraps lines anywhere
    found = []
    for match in _WORD.finditer(text):
        start, end = match.span()
        if not any(_covers(text, start, term) for term in ALLOWED):
            found.append(text[max(0, start - context):end + context].replace("\n", " "))
    return found


def _covers(text, position, term):
    """True if an occurrence of ``term`` in ``text`` contains ``position``."""
    lo = max(0, position - len(term))
    for m in re.finditer(re.escape(term), text[lo:position + len(term)]):
        if lo + m.start() <= position < lo + m.end():
            return True
    return False
