#!/usr/bin/env python3
"""A made-up update of the Atlas spec, for trying `cargo xtask diff` on real material.

    python3 scripts/mutate-spec.py "$ATLAS_SPEC" /tmp/atlas-next.yaml
    cargo xtask diff "$ATLAS_SPEC" /tmp/atlas-next.yaml --changelog /tmp/changes.md

It removes three operations, two dated versions and three enum values, and adds an optional
and a required field, an operation and an enum value: each kind of change the report
classifies (the output is for local use only: the spec's license keeps it out of the repo).
"""
import copy
import sys

import yaml

source, target = sys.argv[1], sys.argv[2]
with open(source) as f:
    spec = yaml.safe_load(f)
paths, schemas = spec["paths"], spec["components"]["schemas"]


def operations():
    for path, item in paths.items():
        for method, op in item.items():
            if isinstance(op, dict) and "operationId" in op:
                yield path, method, op


# Three operations removed.
for path, method, op in list(operations()):
    if op["operationId"] in ("getSystemStatus", "listGroupClusterOnlineArchives", "createGroupPeer"):
        del paths[path][method]

# Two dated versions removed: the oldest of getGroupCluster and of listGroupClusters.
for _, _, op in operations():
    if op["operationId"] in ("getGroupCluster", "listGroupClusters"):
        content = op["responses"]["200"]["content"]
        del content[sorted(content)[0]]

# Three enum values removed, one added.
schemas["ClusterDescription20240805"]["properties"]["stateName"]["enum"].remove("REPAIRING")
schemas["CloudDatabaseUser"]["properties"]["awsIAMType"]["enum"].remove("ROLE")
schemas["CloudDatabaseUser"]["properties"]["ldapAuthType"]["enum"].remove("GROUP")
schemas["CloudDatabaseUser"]["properties"]["x509Type"]["enum"].append("NEW_KIND")

# An optional field and a required one.
schemas["ClusterDescription20240805"]["properties"]["storageTier"] = {"type": "string"}
schemas["CloudDatabaseUser"]["properties"]["team"] = {"type": "string"}
schemas["CloudDatabaseUser"].setdefault("required", []).append("team")

# A new operation: a copy of getGroupCluster under another path and id.
for path, method, op in list(operations()):
    if op["operationId"] == "getGroupCluster":
        twin = copy.deepcopy(op)
        twin["operationId"] = "getGroupClusterTwin"
        twin.pop("x-xgen-operation-id-override", None)
        paths[path + "/twin"] = {"get": twin, "parameters": paths[path].get("parameters", [])}
        break

with open(target, "w") as f:
    yaml.safe_dump(spec, f, sort_keys=False)
