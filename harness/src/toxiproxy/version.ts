/** The Toxiproxy release siochaos is pinned to. */
export const TOXIPROXY_VERSION = '2.12.0';

/** The Go package that builds Toxiproxy's server (the binary comes out as `server`). */
export const TOXIPROXY_GO_PACKAGE = `github.com/Shopify/toxiproxy/v2/cmd/server@v${TOXIPROXY_VERSION}`;

/** The name siochaos looks for on PATH and in its tools folder. */
export const TOXIPROXY_BINARY = 'toxiproxy-server';
