import { samplingRatio, tracingMode } from '../tracingSettings'
import { traceCarrierOf } from '../traceContext'

describe('tracingMode', () => {
  it.each([
    [{}, 'propagate'],
    [{ OTEL_SDK_DISABLED: 'true' }, 'disabled'],
    [{ OTEL_SDK_DISABLED: 'TRUE', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }, 'disabled'],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }, 'export'],
    [{ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://collector:4318/v1/traces' }, 'export'],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_TRACES_EXPORTER: 'none' }, 'propagate'],
    [{ OTEL_SDK_DISABLED: 'false' }, 'propagate'],
  ])('%j → %s', (env, mode) => {
    expect(tracingMode(env as NodeJS.ProcessEnv)).toBe(mode)
  })
})

describe('samplingRatio', () => {
  it('records every new trace unless told otherwise', () => {
    expect(samplingRatio({})).toBe(1)
    expect(samplingRatio({ OTEL_TRACES_SAMPLER_ARG: '0.25' })).toBe(0.25)
    expect(samplingRatio({ OTEL_TRACES_SAMPLER_ARG: '0' })).toBe(0)
  })
  it.each(['-0.1', '1.5', 'half'])('refuses %s with a message naming the variable', (value) => {
    expect(() => samplingRatio({ OTEL_TRACES_SAMPLER_ARG: value })).toThrow(/OTEL_TRACES_SAMPLER_ARG/)
  })
})

describe('traceCarrierOf', () => {
  it('reads back a stored carrier and ignores what is not one', () => {
    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01'
    expect(traceCarrierOf({ traceparent, tracestate: 'a=b' })).toEqual({ traceparent, tracestate: 'a=b' })
    expect(traceCarrierOf({ traceparent, junk: 3 })).toEqual({ traceparent })
    for (const value of [null, undefined, 'text', [traceparent], {}, { junk: 1 }])
      expect(traceCarrierOf(value)).toBeNull()
  })
})
