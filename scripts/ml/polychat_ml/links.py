"""`polychat ml links`: learned friend suggestions (link prediction) against the current formula.

On a seeded dataset (`polychat seed`, import format): a seeded tenth of the friendships is held
out; both rankers see only the rest. Candidates are what GET /v1/friends/suggestions considers:
friends of friends and co-members of group chats, minus existing friends. The formula is the one
the friends module serves (mutual friends + 0.5 x shared group chats; ties: more mutual friends).
The model is a logistic regression on pair features (mutual friends, shared group chats, both
degrees, Adamic-Adar, resource allocation, Jaccard, preferential attachment), trained on a second
split taken from the observed graph only, so the held-out edges never inform it. Prints
precision@10 and recall@10 of both, side by side, and writes the table to --out.
"""

import argparse
import json
import math
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler

CHAT_WEIGHT = 0.5  # SHARED_CHAT_WEIGHT in src/modules/friends/data-access/neo4j-friend-discovery.ts
FEATURES = ["mutual", "sharedChats", "degreeU", "degreeV", "adamicAdar", "resourceAllocation", "jaccard", "logPrefAttach"]


def read_lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def load(seed_dir: Path) -> tuple[list[tuple[str, str]], dict[str, set[str]]]:
    """Friend pairs (each once, sorted) and each user's group chats."""
    pairs = sorted({tuple(sorted((f["userId"], f["friendId"]))) for f in read_lines(seed_dir / "friendships.jsonl")})
    chats: dict[str, set[str]] = defaultdict(set)
    for chat in read_lines(seed_dir / "chats.jsonl"):
        if chat["type"] != "group":
            continue
        for member in chat["members"]:
            chats[member["userId"]].add(chat["id"])
    return pairs, chats


def adjacency(pairs: list[tuple[str, str]]) -> dict[str, set[str]]:
    adj: dict[str, set[str]] = defaultdict(set)
    for u, v in pairs:
        adj[u].add(v)
        adj[v].add(u)
    return adj


class Graph:
    def __init__(self, pairs: list[tuple[str, str]], chats: dict[str, set[str]]):
        self.adj = adjacency(pairs)
        self.chats = chats
        self.members: dict[str, set[str]] = defaultdict(set)
        for user, ids in chats.items():
            for chat in ids:
                self.members[chat].add(user)

    def candidates(self, u: str) -> set[str]:
        friends = self.adj.get(u, set())
        found = {c for f in friends for c in self.adj.get(f, ())}
        found |= {m for chat in self.chats.get(u, ()) for m in self.members[chat]}
        return found - friends - {u}

    def features(self, u: str, v: str) -> list[float]:
        nu, nv = self.adj.get(u, set()), self.adj.get(v, set())
        common = nu & nv
        shared = len(self.chats.get(u, set()) & self.chats.get(v, set()))
        degree = lambda w: len(self.adj.get(w, ()))  # noqa: E731
        adamic = sum(1 / math.log(degree(w)) for w in common if degree(w) > 1)
        resource = sum(1 / degree(w) for w in common if degree(w) > 0)
        union = len(nu | nv)
        return [
            len(common),
            shared,
            len(nu),
            len(nv),
            adamic,
            resource,
            len(common) / union if union else 0.0,
            math.log1p(len(nu) * len(nv)),
        ]

    def formula(self, u: str, v: str) -> tuple[float, int]:
        mutual = len(self.adj.get(u, set()) & self.adj.get(v, set()))
        shared = len(self.chats.get(u, set()) & self.chats.get(v, set()))
        return (mutual + CHAT_WEIGHT * shared, mutual)


def split(pairs: list[tuple[str, str]], share: float, rng: np.random.Generator) -> tuple[list, list]:
    order = rng.permutation(len(pairs))
    cut = int(len(pairs) * share)
    held = sorted(pairs[i] for i in order[:cut])
    kept = sorted(pairs[i] for i in order[cut:])
    return kept, held


def train_model(observed: list, chats: dict, rng: np.random.Generator, max_users: int) -> tuple[StandardScaler, LogisticRegression]:
    kept, hidden = split(observed, 0.1, rng)
    graph = Graph(kept, chats)
    hidden_adj = adjacency(hidden)
    users = sorted(hidden_adj)
    users = [users[i] for i in rng.permutation(len(users))[:max_users]]
    rows, labels = [], []
    for u in users:
        for v in sorted(graph.candidates(u)):
            rows.append(graph.features(u, v))
            labels.append(int(v in hidden_adj[u]))
    scaler = StandardScaler().fit(np.array(rows))
    model = LogisticRegression(C=1.0, max_iter=2000, class_weight="balanced", random_state=0)
    model.fit(scaler.transform(np.array(rows)), np.array(labels))
    return scaler, model


def evaluate(observed: list, held: list, chats: dict, scaler, model, k: int, max_users: int, rng) -> dict:
    graph = Graph(observed, chats)
    held_adj = adjacency(held)
    users = sorted(held_adj)
    users = [users[i] for i in rng.permutation(len(users))[:max_users]]
    totals = {"formula": [0.0, 0.0], "model": [0.0, 0.0]}
    with_candidates = 0
    for u in users:
        truth = held_adj[u]
        candidates = sorted(graph.candidates(u))
        if candidates:
            with_candidates += 1
        by_formula = sorted(candidates, key=lambda v: (-graph.formula(u, v)[0], -graph.formula(u, v)[1], v))[:k]
        if candidates:
            scores = model.predict_proba(scaler.transform(np.array([graph.features(u, v) for v in candidates])))[:, 1]
            by_model = [candidates[i] for i in sorted(range(len(candidates)), key=lambda i: (-scores[i], candidates[i]))][:k]
        else:
            by_model = []
        for name, top in (("formula", by_formula), ("model", by_model)):
            hits = len(set(top) & truth)
            totals[name][0] += hits / k
            totals[name][1] += hits / len(truth)
    n = len(users)
    return {
        "users": n,
        "usersWithCandidates": with_candidates,
        "k": k,
        "formula": {"precisionAtK": totals["formula"][0] / n, "recallAtK": totals["formula"][1] / n},
        "model": {"precisionAtK": totals["model"][0] / n, "recallAtK": totals["model"][1] / n},
    }


def run(seed_dir: Path, seed: int, k: int, max_users: int) -> dict:
    """The evaluation (and, under _scaler/_model, the fitted ranker) on a seeded dataset."""
    pairs, chats = load(seed_dir)
    users = len(read_lines(seed_dir / "users.jsonl"))
    rng = np.random.default_rng(seed)
    observed, held = split(pairs, 0.1, rng)
    scaler, model = train_model(observed, chats, rng, max_users)
    result = evaluate(observed, held, chats, scaler, model, k, max_users, rng)
    f, m = result["formula"], result["model"]
    return {
        "dataset": {"users": users, "friendships": len(pairs), "heldOut": len(held), "seed": seed},
        **result,
        "winner": "model" if m["precisionAtK"] > f["precisionAtK"] and m["recallAtK"] >= f["recallAtK"] else "formula",
        "coefficients": dict(zip(FEATURES, (float(c) for c in model.coef_[0]))),
        "_scaler": scaler,
        "_model": model,
    }


def print_table(result: dict) -> None:
    k, f, m, data = result["k"], result["formula"], result["model"], result["dataset"]
    print(
        f"link prediction on {data['users']} users, {data['friendships']} friendships, {data['heldOut']} held out"
        f" (seed {data['seed']}); {result['users']} users evaluated"
    )
    print(f"  {'ranker':<34} precision@{k:<4} recall@{k}")
    print(f"  {'formula (mutual + 0.5 x chats)':<34} {f['precisionAtK']:<13.4f} {f['recallAtK']:.4f}")
    print(f"  {'model (logistic regression)':<34} {m['precisionAtK']:<13.4f} {m['recallAtK']:.4f}")
    print(f"  winner: {result['winner']}")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seed-dir", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True, help="where to write the evaluation JSON")
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--k", type=int, default=10)
    parser.add_argument("--max-users", type=int, default=3000)
    args = parser.parse_args(argv)

    result = run(args.seed_dir, args.seed, args.k, args.max_users)
    del result["_scaler"], result["_model"]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print_table(result)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
