"""`polychat ml train abuse`: the pretrained offensive-language model of `alt-profanity-check`, exported.

alt-profanity-check 1.9.1 (PyPI, MIT) ships a TF-IDF vectorizer and a CalibratedClassifierCV of
five linear SVMs (sigmoid calibration), trained by its authors on t-davidson/hate-speech-and-
offensive-language (MIT) and the Jigsaw Toxic Comment Classification data (CC0; comment text from
Wikipedia, CC BY-SA 3.0) — docs/decisions/0042. No labelled abuse corpus ships in any registry
package, so nothing is re-trained here: the model is exported as JSON weights (format
polychat.tfidf-svm-ensemble/1) for the TypeScript scorer, checked against the package's own
predictions on a probe set (the export must match to 1e-9), and the thresholds are set by rule.
Deterministic: the same package version always exports the same weights.
"""

import argparse
import hashlib
import json
import sys
from datetime import datetime, timezone
from importlib import metadata, resources
from pathlib import Path

import joblib
import numpy as np
import sklearn

from .versions import next_version

PACKAGE = "alt-profanity-check"
FORMAT = "polychat.tfidf-svm-ensemble/1"
# The package's token pattern; the TypeScript scorer implements it as runs of 2+ letters, digits
# or underscores (Unicode), after lower-casing.
TOKEN_PATTERN = r"(?u)\b\w\w+\b"
# By rule, not measured (no labelled chat abuse data to measure on): the package's own decision
# point is a mean probability of 0.5; flag at 0.9, hold only at 0.999.
THRESHOLDS = {"flag": 0.9, "hold": 0.999}

# Chat-like probes: the export must reproduce the package's probabilities on these, and the model
# card lists them so reviewers see what the thresholds mean.
PROBES = [
    "hey, are we still on for lunch tomorrow?",
    "ok see you at 5",
    "the build is green again",
    "free money click here",
    "damn, missed the bus",
    "what the hell",
    "this song is the shit",
    "I will kill you",
    "you are an idiot",
    "go to hell you moron",
    "Ünïcödé wörds and émojis 🙂 are tokens too",
]


def load_package():
    data = resources.files("profanity_check") / "data"
    return joblib.load(data / "vectorizer.joblib"), joblib.load(data / "model.joblib")


def export(vectorizer, model) -> dict:
    params = vectorizer.get_params()
    expected = {"lowercase": True, "token_pattern": TOKEN_PATTERN, "ngram_range": (1, 1), "sublinear_tf": False,
                "norm": "l2", "use_idf": True, "smooth_idf": True, "analyzer": "word", "binary": False}
    for key, value in expected.items():
        if params[key] != value:
            raise SystemExit(f"{PACKAGE}: vectorizer {key}={params[key]!r}, the TypeScript scorer expects {value!r}")
    if model.method != "sigmoid" or list(model.classes_) != [0, 1]:
        raise SystemExit(f"{PACKAGE}: expected a binary sigmoid-calibrated model")
    vocabulary = sorted(vectorizer.vocabulary_.items(), key=lambda item: item[1])
    members = []
    for calibrated in model.calibrated_classifiers_:
        svm, (calibrator,) = calibrated.estimator, calibrated.calibrators
        members.append({
            "coef": [float(v) for v in svm.coef_[0]],
            "intercept": float(svm.intercept_[0]),
            "a": float(calibrator.a_),
            "b": float(calibrator.b_),
        })
    return {
        "format": FORMAT,
        "tokenPattern": TOKEN_PATTERN,
        "lowercase": True,
        "terms": [term for term, _ in vocabulary],
        "idf": [float(v) for v in vectorizer.idf_],
        "members": members,
        "thresholds": THRESHOLDS,
    }


def score(weights: dict, matrix) -> np.ndarray:
    """The export's probability for TF-IDF rows: the mean of each member's calibrated sigmoid."""
    total = np.zeros(matrix.shape[0])
    for member in weights["members"]:
        decision = matrix @ np.array(member["coef"]) + member["intercept"]
        total += 1 / (1 + np.exp(member["a"] * decision + member["b"]))
    return total / len(weights["members"])


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--models-dir", type=Path, required=True, help="data/models")
    parser.add_argument("--version", help="version name (default: the next vN)")
    args = parser.parse_args(argv)

    vectorizer, model = load_package()
    weights = export(vectorizer, model)
    matrix = vectorizer.transform(PROBES)
    theirs = model.predict_proba(matrix)[:, 1]
    ours = score(weights, matrix)
    fidelity = float(np.max(np.abs(theirs - ours)))
    if fidelity > 1e-9:
        raise SystemExit(f"the export differs from {PACKAGE} by {fidelity}")

    model_dir = args.models_dir / "abuse"
    version = args.version or next_version(model_dir)
    out = model_dir / version
    out.mkdir(parents=True, exist_ok=False)
    weights = {"name": "abuse", "version": version, **weights}
    model_text = json.dumps(weights, separators=(",", ":"))
    (out / "model.json").write_text(model_text, encoding="utf-8")
    package_version = metadata.version(PACKAGE)
    evaluation = {
        "name": "abuse",
        "version": version,
        "heldOut": None,
        "why": "no labelled chat-abuse corpus ships in a registry package; the source model's own data is not shipped",
        "source": {"package": f"{PACKAGE}=={package_version}", "members": len(weights["members"]), "terms": len(weights["terms"])},
        "fidelity": {"probes": len(PROBES), "maxAbsDiff": fidelity},
        "thresholds": {
            "flag": {"value": THRESHOLDS["flag"], "rule": "set by rule: mean calibrated probability 0.9"},
            "hold": {"value": THRESHOLDS["hold"], "rule": "set by rule: mean calibrated probability 0.999"},
        },
        "probes": [{"text": text, "score": float(s)} for text, s in zip(PROBES, theirs)],
    }
    (out / "evaluation.json").write_text(json.dumps(evaluation, indent=2) + "\n", encoding="utf-8")
    training = {
        "name": "abuse",
        "version": version,
        "trainedAt": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "params": {"thresholds": THRESHOLDS},
        "data": {
            "source": f"PyPI {PACKAGE} {package_version} (MIT), pretrained",
            "sourceTrainingData": [
                "t-davidson/hate-speech-and-offensive-language (MIT)",
                "Jigsaw Toxic Comment Classification Challenge (CC0; comment text Wikipedia CC BY-SA 3.0)",
            ],
        },
        "libraries": {"python": sys.version.split()[0], "numpy": np.__version__, "scikit-learn": sklearn.__version__},
        "modelSha256": hashlib.sha256(model_text.encode()).hexdigest(),
    }
    (out / "training.json").write_text(json.dumps(training, indent=2) + "\n", encoding="utf-8")
    probes = "\n".join(f"| {p['text']} | {p['score']:.3f} |" for p in evaluation["probes"])
    (out / "MODEL_CARD.md").write_text(
        f"""# abuse {version}

The offensive-language model of PyPI `{PACKAGE}` {package_version}: TF-IDF ({len(weights['terms'])} terms,
Unicode word tokens of 2+ characters, English stop words dropped, raw counts, smoothed idf, L2 norm)
and five sigmoid-calibrated linear SVMs whose probabilities are averaged. Exported as JSON weights and
scored in TypeScript by `src/modules/moderation` (docs/decisions/0042); not re-trained here.

## Data and licence

- Package: MIT. Its authors trained it on t-davidson/hate-speech-and-offensive-language (MIT; ~25k
  tweets) and the Jigsaw Toxic Comment Classification Challenge data (the dataset CC0; its comment
  text from Wikipedia, CC BY-SA 3.0). Neither text corpus is shipped here or by the package: only
  per-word weights, which both licences allow to be shipped (with this attribution).
- Reviewers' labels from polychat's queue are stored (reason `abuse`) for a future re-training;
  this version does not use them.

## Held-out evaluation

None: no labelled chat-abuse corpus ships inside a registry package, and the source model's own
data is not in the package. The export reproduces the package's probabilities to
{fidelity:.1e} on the probes below; thresholds are set by rule (flag {THRESHOLDS['flag']}, hold
{THRESHOLDS['hold']}), not measured, so every verdict is reviewable.

| probe | score |
|---|---|
{probes}

## Intended use

A second screen beside spam: above `flag` a message is queued for review with reason `abuse`;
above `hold` (where the policy says hold) it is kept from other members until an admin approves.

## Known failure modes

- It detects profanity more than abuse: "this song is the shit" and "what the hell" score near 1,
  while polite threats and slurs outside its vocabulary score low.
- English only; trained on tweets and Wikipedia talk pages, not chat; identity terms are known to
  raise scores of harmless messages in such corpora.
""",
        encoding="utf-8",
    )
    print(json.dumps(evaluation, indent=2))
    print(json.dumps({"version": version, "dir": str(out)}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
