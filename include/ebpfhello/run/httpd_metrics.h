/* SPDX-License-Identifier: MIT */
/*
 * The /metrics server's own metrics (cmd/core/run/httpd_metrics.c), as
 * exporters report on themselves (docs/prometheus.md): requests by status
 * code (promhttp_metric_handler_requests_total), and its connections: open,
 * accepted, refused (by reason), evicted, timed out.
 */
#ifndef EBPFHELLO_HTTPD_METRICS_H
#define EBPFHELLO_HTTPD_METRICS_H

#include <ebpfhello/run/httpd_conns.h>

struct eh_prom;

void eh_conns_metrics(const struct eh_conn_stats *st, struct eh_prom *p);

#endif
