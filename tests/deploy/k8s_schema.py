#!/usr/bin/python3
"""Kubernetes manifests against the Kubernetes API's own models: every object
of each file (YAML) is walked field by field against the model classes of
Debian's python3-kubernetes (the official client, generated from the API's
OpenAPI schema: attribute_map names each field, openapi_types gives its
type).  A field the API does not have, a value of the wrong type (a string
where a list is, a number where a string is...), or a required field missing
(the models refuse to be built without it) is an error.  Then what the
schema cannot say: the DaemonSet's selector matches its pods' labels, every
volumeMount names a volume, every named port a probe or Service uses
exists, resource quantities parse.

usage: k8s_schema.py FILE...    prints one line per object; exit 1 on any error
"""
import sys

import yaml
from kubernetes import client
from kubernetes.utils.quantity import parse_quantity

KINDS = {("v1", "Namespace"): "V1Namespace", ("apps/v1", "DaemonSet"): "V1DaemonSet",
         ("v1", "Service"): "V1Service", ("v1", "ConfigMap"): "V1ConfigMap",
         ("v1", "Pod"): "V1Pod"}
errors = []
fields = 0


def err(path, msg):
    errors.append(f"{path}: {msg}")


def check_value(val, t, path):
    global fields
    fields += 1
    if t.startswith("list["):
        if not isinstance(val, list):
            return err(path, f"expected a list ({t}), got {type(val).__name__}")
        for i, v in enumerate(val):
            check_value(v, t[5:-1], f"{path}[{i}]")
    elif t.startswith("dict("):
        if not isinstance(val, dict):
            return err(path, f"expected a map ({t}), got {type(val).__name__}")
        inner = t[5:-1].split(", ", 1)[1]
        for k, v in val.items():
            check_value(v, inner, f"{path}.{k}")
    elif t == "str":
        if not isinstance(val, str):
            err(path, f"expected a string, got {type(val).__name__} {val!r}")
    elif t == "int":
        if isinstance(val, bool) or not isinstance(val, int):
            err(path, f"expected an integer, got {val!r}")
    elif t == "bool":
        if not isinstance(val, bool):
            err(path, f"expected true or false, got {val!r}")
    elif t == "object":     # IntOrString, quantities: a string or a number
        if not isinstance(val, (str, int)):
            err(path, f"expected a string or a number, got {val!r}")
    else:
        check_object(val, t, path)


def check_object(data, model, path):
    if not isinstance(data, dict):
        return err(path, f"expected an object ({model}), got {data!r}")
    cls = getattr(client, model)
    by_json = {j: py for py, j in cls.attribute_map.items()}
    for key, val in data.items():
        if key not in by_json:
            err(f"{path}.{key}", f"no such field in {model}")
            continue
        check_value(val, cls.openapi_types[by_json[key]], f"{path}.{key}")
    # the models refuse to be built without their required fields
    try:
        cls(**{by_json[k]: v for k, v in data.items() if k in by_json})
    except ValueError as e:
        err(path, f"{model}: {e}")


def check_pod_spec(spec, path):
    vols = {v["name"] for v in spec.get("volumes", [])}
    for c in spec.get("containers", []):
        cpath = f"{path}.containers[{c.get('name')}]"
        ports = {p.get("name") for p in c.get("ports", [])}
        for m in c.get("volumeMounts", []):
            if m["name"] not in vols:
                err(cpath, f"volumeMount {m['name']} names no volume")
        for probe in ("livenessProbe", "readinessProbe", "startupProbe"):
            port = c.get(probe, {}).get("httpGet", {}).get("port")
            if isinstance(port, str) and port not in ports:
                err(cpath, f"{probe} port {port} is no port of the container")
        for kind, res in c.get("resources", {}).items():
            for name, q in res.items():
                try:
                    parse_quantity(q)
                except ValueError:
                    err(cpath, f"resources.{kind}.{name}: {q!r} is no quantity")


def main():
    for name in sys.argv[1:]:
        with open(name, encoding="utf-8") as f:
            docs = [d for d in yaml.safe_load_all(f) if d is not None]
        for i, doc in enumerate(docs):
            key = (doc.get("apiVersion"), doc.get("kind"))
            path = f"{name}[{i}] {key[1]}/{doc.get('metadata', {}).get('name')}"
            if key not in KINDS:
                err(path, f"apiVersion {key[0]} kind {key[1]}: not a kind this checker knows")
                continue
            before = fields
            check_object(doc, KINDS[key], path)
            if key[1] == "DaemonSet":
                tmpl = doc["spec"]["template"]
                want = doc["spec"]["selector"].get("matchLabels", {})
                have = tmpl["metadata"].get("labels", {})
                if any(have.get(k) != v for k, v in want.items()):
                    err(path, "the selector does not match the pod template's labels")
                check_pod_spec(tmpl["spec"], path)
            print(f"{path}: {fields - before} fields checked against {KINDS[key]}")
    if errors:
        print("\n".join(errors))
        sys.exit(1)


main()
