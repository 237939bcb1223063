"""`polychat ml train links`: the learned friend ranker, versioned for serving.

The same pipeline as `polychat ml links` (polychat_ml.links: a seeded graph, a held-out tenth of
the friendships, a logistic regression on pair features trained on a second split of the observed
graph only, precision@10 / recall@10 of model and formula on the held-out edges), written as
data/models/links/<version>/ with model.json (what the friends module's Cypher scores),
evaluation.json, training.json and MODEL_CARD.md.

model.json keeps the standardisation and the coefficients separately ({features, means, scales,
coef, intercept}); the server folds them into one weight per feature, so ordering by the linear
score orders by the model's probability.
"""

import argparse
import hashlib
import json
import sys
from datetime import datetime, timezone
from pathlib import Path

import numpy as np
import sklearn

from . import links
from .versions import next_version

FORMAT = "polychat.link-logreg/1"


def write_card(path: Path, evaluation: dict, model: dict) -> None:
    f, m = evaluation["formula"], evaluation["model"]
    data = evaluation["dataset"]
    weights = "\n".join(f"| {name} | {coef:+.3f} |" for name, coef in zip(model["features"], model["coef"]))
    path.write_text(
        f"""# links {model['version']}

Logistic regression (class-balanced, standardised features) ranking friend-suggestion candidates
(friends of friends and co-members of group chats) for `GET /v1/friends/suggestions`; the friends
module computes the features in Cypher and orders by the model's score (docs/decisions/0039, 0041).

## Data and licence

- A synthetic graph made by `polychat seed` (seed {data['seed']}): {data['users']} users,
  {data['friendships']} friendships, group chats. Generated here, no third-party data, no personal
  data; no licence restriction.
- Split: a seeded tenth of the friendships ({data['heldOut']}) held out for the evaluation; the
  model is trained on a second tenth hidden from the remaining observed graph, so the held-out
  edges never inform it.

## Held-out evaluation ({evaluation['users']} users with a held-out friend, k = {evaluation['k']})

| ranker | precision@{evaluation['k']} | recall@{evaluation['k']} |
|---|---|---|
| formula (mutual + 0.5 x shared group chats) | {f['precisionAtK']:.4f} | {f['recallAtK']:.4f} |
| model (this version) | {m['precisionAtK']:.4f} | {m['recallAtK']:.4f} |

Winner: {evaluation['winner']}.

## Weights (on standardised features)

| feature | coefficient |
|---|---|
{weights}

## Intended use

Ordering "people you may know" candidates; the response keeps the formula's reasons (mutual
friends, shared group chats). Served only while promoted: without a current version the friends
module falls back to the formula.

## Known failure modes

- Trained on a synthetic graph whose generator draws group chats among friends and lets popular
  users gain friends: shared chats and the candidate's degree weigh most, which may not hold on a
  real deployment's graph. Re-train on an export of real friendships before trusting it.
- Favours popular candidates (degree) and users in many group chats; a brand-new user with few
  friends gets the formula's candidates in a different order, never new ones.
""",
        encoding="utf-8",
    )


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seed-dir", type=Path, required=True, help="a `polychat seed` output folder")
    parser.add_argument("--models-dir", type=Path, required=True, help="data/models")
    parser.add_argument("--version", help="version name (default: the next vN)")
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--k", type=int, default=10)
    parser.add_argument("--max-users", type=int, default=3000)
    args = parser.parse_args(argv)

    result = links.run(args.seed_dir, args.seed, args.k, args.max_users)
    scaler, model = result.pop("_scaler"), result.pop("_model")

    model_dir = args.models_dir / "links"
    version = args.version or next_version(model_dir)
    out = model_dir / version
    out.mkdir(parents=True, exist_ok=False)
    weights = {
        "name": "links",
        "version": version,
        "format": FORMAT,
        "features": links.FEATURES,
        "means": [float(v) for v in scaler.mean_],
        "scales": [float(v) for v in scaler.scale_],
        "coef": [float(v) for v in model.coef_[0]],
        "intercept": float(model.intercept_[0]),
    }
    model_text = json.dumps(weights, indent=2) + "\n"
    (out / "model.json").write_text(model_text, encoding="utf-8")
    evaluation = {"name": "links", "version": version, **result}
    (out / "evaluation.json").write_text(json.dumps(evaluation, indent=2) + "\n", encoding="utf-8")
    training = {
        "name": "links",
        "version": version,
        "trainedAt": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "params": {"seed": args.seed, "k": args.k, "maxUsers": args.max_users, "heldOut": 0.1, "C": 1.0},
        "data": {"generator": "polychat seed", **result["dataset"]},
        "libraries": {"python": sys.version.split()[0], "numpy": np.__version__, "scikit-learn": sklearn.__version__},
        "modelSha256": hashlib.sha256(model_text.encode()).hexdigest(),
    }
    (out / "training.json").write_text(json.dumps(training, indent=2) + "\n", encoding="utf-8")
    write_card(out / "MODEL_CARD.md", evaluation, weights)
    links.print_table(evaluation)
    print(json.dumps({"version": version, "dir": str(out)}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
