#!/usr/bin/env python3
"""Checks the paraphrase set: every question shares at most one content word
(lower-cased, crudely stemmed, stop words left out) with its gold article's
title and text, and its answer is in the gold article. Also names, for
information, the article that shares the most words with each question.
Run from anywhere: python3 check.py"""
import json, os, re, sys, unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
STOP = set("""the a of to in on for by with and or is was were which what who how did does do many much
when where why that this its it be been has have had as at from after before about their they an""".split())

def stem(w):
    for suf, keep in (("ing", 3), ("ed", 3), ("es", 3), ("s", 3)):
        if w.endswith(suf) and len(w) - len(suf) >= keep and not w.endswith("ss"):
            return w[: -len(suf)]
    return w

def words(s):
    s = unicodedata.normalize("NFKC", s).lower().replace("\u2019", "'")
    s = re.sub(r"'s\b", "", s)
    return {stem(w) for w in re.findall(r"[a-z0-9]+", s) if w not in STOP}

def norm(s):
    return " ".join(re.sub(r"[^\w\s]", " ", s.lower()).split())

arts = {}
for name in sorted(os.listdir(os.path.join(HERE, "archive"))):
    raw = open(os.path.join(HERE, "archive", name), encoding="utf-8").read()
    _, fm, body = raw.split("---\n", 2)
    meta = dict(l.split(": ", 1) for l in fm.strip().splitlines())
    arts[meta["id"]] = (meta["title"].strip('"'), body)

worst, bad = 0, 0
for line in open(os.path.join(HERE, "questions.jsonl"), encoding="utf-8"):
    q = json.loads(line)
    qw = words(q["question"])
    gold = q["gold_article_ids"][0]
    title, body = arts[gold]
    shared = sorted(qw & words(title + "\n" + body))
    rival = max((a for a in arts if a != gold), key=lambda a: len(qw & words(" ".join(arts[a]))))
    rshared = sorted(qw & words(" ".join(arts[rival])))
    ok_ans = all(norm(a) in norm(title + " " + body) for a in q["answers"])
    worst = max(worst, len(shared))
    if len(shared) > 1 or not ok_ans:
        bad += 1
    print(f"{q['id']:<18} gold {len(shared)} {shared}  rival {rival} {len(rshared)} {rshared}"
          + ("" if ok_ans else "  ANSWER NOT IN GOLD"))
print(f"{len(arts)} articles; max overlap {worst}; {bad} failing")
sys.exit(1 if bad else 0)
