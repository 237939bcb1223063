"""Unit tests of the training pipeline (no corpus needed): run with scripts/ml/test.sh."""

import json

import numpy as np

from polychat_ml import train_spam
from polychat_ml.spam_data import Example, email_to_text
from polychat_ml.text import tokenize
from polychat_ml.versions import next_version


def test_tokens_are_lowercase_ascii_runs_of_two_or_more():
    assert tokenize("FREE money!!! a 5 héllo x2 ab_cd") == ["free", "money", "llo", "x2", "ab", "cd"]


def test_email_to_text_keeps_subject_and_body_without_headers_or_tags():
    raw = "From: a@b.c\nReceived: from relay.example\nSubject: Cheap <b>pills</b>\n\n<p>Buy&nbsp;now</p>\n"
    assert email_to_text(raw) == "Cheap pills Buy now"  # the no-break space collapses too
    assert "relay" not in email_to_text(raw)


def test_next_version_counts_up(tmp_path):
    assert next_version(tmp_path) == "v1"
    (tmp_path / "v1").mkdir()
    (tmp_path / "v7").mkdir()
    (tmp_path / "notes").mkdir()
    assert next_version(tmp_path) == "v8"


def test_threshold_for_precision_is_the_lowest_score_reaching_it():
    y = np.array([1, 1, 0, 1, 0, 0])
    scores = np.array([0.9, 0.8, 0.7, 0.6, 0.5, 0.1])
    assert train_spam.threshold_for_precision(y, scores, 1.0) == 0.8
    assert train_spam.threshold_for_precision(y, scores, 0.75) == 0.6


def synthetic(n: int) -> list[Example]:
    rng = np.random.default_rng(3)
    spam_words = ["free", "money", "click", "offer", "winner", "cheap", "prize"]
    ham_words = ["meeting", "lunch", "report", "tomorrow", "thanks", "project", "code"]
    examples = []
    for i in range(n):
        label = int(i % 3 == 0)
        words = rng.choice(spam_words if label else ham_words, size=8).tolist() + rng.choice(ham_words + spam_words, size=3).tolist()
        examples.append(Example(id=str(i), text=" ".join(words), label=label, source="synthetic"))
    return examples


def test_training_is_deterministic_and_exports_what_the_scorer_needs():
    first_model, first_eval = train_spam.train(synthetic(300), [])
    second_model, second_eval = train_spam.train(synthetic(300), [])
    assert json.dumps(first_model) == json.dumps(second_model)
    assert first_eval["rocAuc"] == second_eval["rocAuc"]
    assert len(first_model["terms"]) == len(first_model["idf"]) == len(first_model["coef"])
    assert 0 <= first_model["thresholds"]["flag"] <= first_model["thresholds"]["hold"] <= 1


def test_exported_weights_reproduce_sklearn_scores():
    """What src/modules/moderation/domain/tfidf-model.ts computes, here in numpy."""
    model, evaluation = train_spam.train(synthetic(300), [])
    index = {term: i for i, term in enumerate(model["terms"])}
    for probe in evaluation["probes"]:
        counts: dict[int, int] = {}
        for token in tokenize(probe["text"]):
            if token in index:
                counts[index[token]] = counts.get(index[token], 0) + 1
        weights = {i: c * model["idf"][i] for i, c in counts.items()}
        norm = sum(w * w for w in weights.values()) ** 0.5
        z = model["intercept"] + (sum(w * model["coef"][i] for i, w in weights.items()) / norm if norm else 0.0)
        assert abs(1 / (1 + np.exp(-z)) - probe["score"]) < 1e-12


def test_reviewers_labels_join_the_training_part_only():
    reviews = [Example(id="r1", text="free lunch meeting", label=0, source="review")]
    _, evaluation = train_spam.train(synthetic(300), reviews)
    assert evaluation["training"]["reviewLabels"] == 1
    assert evaluation["heldOut"]["size"] == 60


def test_the_abuse_export_reproduces_the_package_and_refuses_a_vectorizer_it_cannot_score(tmp_path):
    import pytest

    from polychat_ml import train_abuse

    assert train_abuse.main(["--models-dir", str(tmp_path)]) == 0
    evaluation = json.loads((tmp_path / "abuse" / "v1" / "evaluation.json").read_text())
    assert evaluation["fidelity"]["maxAbsDiff"] <= 1e-9 and evaluation["heldOut"] is None
    model = json.loads((tmp_path / "abuse" / "v1" / "model.json").read_text())
    assert model["format"] == "polychat.tfidf-svm-ensemble/1" and len(model["members"]) == 5
    vectorizer, classifier = train_abuse.load_package()
    vectorizer.set_params(sublinear_tf=True)
    with pytest.raises(SystemExit, match="sublinear_tf"):
        train_abuse.export(vectorizer, classifier)
