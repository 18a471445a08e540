// SPDX-License-Identifier: MIT
/*
 * The option sets whole kinds of commands share (opts.h): the common
 * options as one children array, so that a command names its kind once
 * instead of listing them (and as one argp, to nest beside others).
 */
#include <ebpfhello/cli/filters.h>
#include <ebpfhello/cli/opts.h>
#include <ebpfhello/cli/output_file.h>
#include <ebpfhello/run/export.h>

const struct argp_child eh_counting_children[] = {
	{ &eh_interval_argp, 0, NULL, 0 },
	{ &eh_attach_argp, 0, NULL, 0 },
	{ &eh_filter_argp, 0, NULL, 0 },
	{ &eh_explain_argp, 0, NULL, 0 },
	{ &eh_output_argp, 0, NULL, 0 },
	{ &eh_metrics_argp, 0, NULL, 0 },
	{ 0 }
};


const struct argp_child eh_streaming_children[] = {
	{ &eh_buffer_argp, 0, NULL, 0 },
	{ &eh_filter_argp, 0, NULL, 0 },
	{ &eh_stream_argp, 0, NULL, 0 },
	{ &eh_explain_argp, 0, NULL, 0 },
	{ &eh_output_argp, 0, NULL, 0 },
	{ &eh_output_file_argp, 0, NULL, 0 },
	{ &eh_metrics_stream_argp, 0, NULL, 0 },
	{ 0 }
};

const struct argp eh_streaming_argp = { NULL, NULL, NULL, NULL, eh_streaming_children, NULL, NULL };
