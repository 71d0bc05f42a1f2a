import { AxiosError, AxiosHeaders, type AxiosAdapter, type AxiosResponse, type InternalAxiosRequestConfig } from 'axios';
import { CSRF_HEADER } from '@session-lab/shared';
import { api } from '../lib/api';

export interface FakeReply {
  status: number;
  data?: unknown;
  headers?: Record<string, string>;
}

type Handler = (request: InternalAxiosRequestConfig) => FakeReply | Promise<FakeReply> | 'network-error';

export interface RecordedRequest {
  method: string;
  url: string;
  authorization: string | undefined;
  /** The Accept-Language the request asked the server to answer in, if any. */
  language: string | undefined;
  /** The CSRF token a cookie session sent back, if any. */
  csrf: string | undefined;
  body: unknown;
}

/**
 * A stand-in for the API at the HTTP layer: it replaces the axios instance's adapter (the part that would
 * open a socket), so both interceptors and all of the app's own code run for real. Every request that
 * would have left the browser is recorded, which is how a test proves that a request was never sent.
 */
export function installFakeServer(handlers: Record<string, Handler>) {
  const requests: RecordedRequest[] = [];
  const original = api.defaults.adapter;

  const adapter: AxiosAdapter = async (config) => {
    const method = (config.method ?? 'get').toUpperCase();
    const url = config.url ?? '';
    const headers = AxiosHeaders.from(config.headers);
    const authorization = headers.get('Authorization');
    const language = headers.get('Accept-Language');
    const csrf = headers.get(CSRF_HEADER);
    requests.push({
      method,
      url,
      authorization: typeof authorization === 'string' ? authorization : undefined,
      language: typeof language === 'string' ? language : undefined,
      csrf: typeof csrf === 'string' ? csrf : undefined,
      body: typeof config.data === 'string' ? JSON.parse(config.data) : config.data,
    });
    const handler = handlers[`${method} ${url}`];
    const reply = handler ? await handler(config) : { status: 404, data: { code: 'NOT_FOUND', message: 'No route' } };
    if (reply === 'network-error') throw new AxiosError('Network Error', AxiosError.ERR_NETWORK, config);
    const response: AxiosResponse = {
      status: reply.status,
      statusText: String(reply.status),
      data: reply.data,
      headers: reply.headers ?? {},
      config,
    };
    if (reply.status >= 200 && reply.status < 300) return response;
    throw new AxiosError(
      `Request failed with status code ${reply.status}`,
      reply.status >= 500 ? AxiosError.ERR_BAD_RESPONSE : AxiosError.ERR_BAD_REQUEST,
      config,
      undefined,
      response,
    );
  };

  api.defaults.adapter = adapter;
  return {
    requests,
    restore() {
      api.defaults.adapter = original;
    },
  };
}
