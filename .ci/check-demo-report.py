#!/usr/bin/env python3
"""Checks the report of a small `./distillery demo` run: every task streamed what was asked, every raw record
ended in exactly one of accepted, rejected or dead letters, each task has a result line (speech also on real
recordings) and a KD3 line (how many labels carry the live student's answer), and every chart the
report names was written. Usage: check-demo-report.py REPORT.md IMAGES UTTERANCES"""
import os
import re
import sys

report, images, utterances = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
text = open(report, encoding="utf-8").read()
problems = []
rows = re.findall(r"^\| (fmnist|asr-en) \| (\d+) \| (\d+) \| (\d+) \((\d+)\) \| (\d+) \| (\d+) \|", text, re.M)
tasks = {row[0]: [int(v) for v in row[1:]] for row in rows}
for task, expected in (("fmnist", images), ("asr-en", utterances)):
    if task not in tasks:
        problems.append(f"no summary row for {task}")
        continue
    raw, labeled, accepted, soft, rejected, dead = tasks[task]
    if raw != expected:
        problems.append(f"{task}: {raw} raw records, {expected} were streamed")
    if accepted + rejected + dead != raw:
        problems.append(f"{task}: accepted {accepted} + rejected {rejected} + dead letters {dead} != raw {raw}")
results = re.search(r"^## Results\n\n((?:- .*\n)+)", text, re.M)
if not results:
    problems.append("no Results section")
else:
    for task in ("fmnist", "asr-en"):
        if not re.search(rf"^- {re.escape(task)}", results.group(1), re.M):
            problems.append(f"no result line for {task}")
    # the teacher's WER always; the student's where a version was published (a tiny run may accept nothing)
    if not re.search(r"^- asr-en on real speech \(\d+ recordings .*teacher .* WER [\d.]+% at real-time factor"
                     r" [\d.]+; (student .* WER [\d.]+%|no student version was published)",
                     results.group(1), re.M):
        problems.append("no result line for asr-en on real speech (teacher and student WER)")
    # KD3: the labelers ask each published student; a tiny run may label everything before the first version
    for task in ("fmnist", "asr-en"):
        if not re.search(rf"^- {re.escape(task)} KD3 .*: (\d[\d,]* of [\d,]+ labels carry the served student's"
                         r" answer \(versions? |none of [\d,]+ labels carries a student answer)",
                         results.group(1), re.M):
            problems.append(f"no KD3 result line for {task}")
for chart in re.findall(r"!\[[^\]]*\]\(([^)]+)\)", text):
    path = os.path.join(os.path.dirname(report), chart)
    if not os.path.isfile(path) or os.path.getsize(path) == 0:
        problems.append(f"chart {chart} missing")
if problems:
    print("demo report check FAILED:\n  " + "\n  ".join(problems))
    sys.exit(1)
print(f"demo report check passed: {tasks}")
