// SPDX-License-Identifier: MIT
/* The /metrics server's own metrics (docs/prometheus.md); see
 * include/ebpfhello/run/httpd_metrics.h. */
#include <stdio.h>

#include <ebpfhello/run/httpd_conns.h>
#include <ebpfhello/run/httpd_metrics.h>
#include <ebpfhello/show/metrics.h>

#define REQUESTS	"promhttp_metric_handler_requests_total"
#define REFUSED		"ebpfhello_http_connections_refused_total"

void eh_conns_metrics(const struct eh_conn_stats *st, struct eh_prom *p)
{
	static const char *const reason[] = { "listen_allow", "rate", "fd_limit", "error" };
	const uint64_t refused[] = { st->refused_allow, st->refused_rate, st->refused_fds,
				     st->refused_error };
	struct eh_label l;
	char code[16];
	int i;

	/* the name node_exporter and Go's exporters give it, so that the
	 * same dashboards and alerts work */
	eh_prom_family(p, REQUESTS, "counter",
		       "HTTP requests the /metrics server answered, by status code.");
	for (i = 0; i < EH_HTTPD_CODES; i++) {
		if (!st->codes[i] && i + 100 != 200)
			continue;
		snprintf(code, sizeof(code), "%d", i + 100);
		l = (struct eh_label){ "code", code };
		eh_prom_sample(p, REQUESTS, &l, 1, st->codes[i]);
	}
	eh_prom_single(p, "ebpfhello_http_connections", "gauge",
		       "Connections to the /metrics server open now.", st->open);
	eh_prom_single(p, "ebpfhello_http_connections_limit", "gauge",
		       "Connections the /metrics server holds at most; one more evicts one.",
		       st->limit);
	eh_prom_single(p, "ebpfhello_http_connections_accepted_total", "counter",
		       "Connections the /metrics server accepted and served.", st->accepted);
	eh_prom_family(p, REFUSED, "counter",
		       "Connections closed as soon as accepted: the peer is outside --listen-allow "
		       "(listen_allow), past its budget of 20 empty connections a second (rate), no file "
		       "descriptor was left (fd_limit), or no memory (error).");
	for (i = 0; i < 4; i++) {
		l = (struct eh_label){ "reason", reason[i] };
		eh_prom_sample(p, REFUSED, &l, 1, refused[i]);
	}
	eh_prom_single(p, "ebpfhello_http_connections_evicted_total", "counter",
		       "Connections closed to make room for a new one, the one that had waited "
		       "longest for a request first.", st->evicted);
	eh_prom_single(p, "ebpfhello_http_connections_timed_out_total", "counter",
		       "Connections closed because their request head did not come, or their "
		       "answer was not taken, within 10 s.", st->timed_out);
}
