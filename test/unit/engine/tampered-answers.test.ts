/**
 * Whole runs over the simulated network with answers damaged or forged on the way in: the cases
 * of issue 9 that used to end in false verdicts. A refused answer is a stray; the good answer to a
 * retransmission still counts.
 */
import { describe, expect, it } from 'vitest';
import type { RunSettings } from '../../../shared/report';
import { runCheck } from '../../../main/engine/run-check';
import { FakeClock } from '../../fakes/fake-clock';
import { ALTERNATE, PRIMARY, SimNetwork, type SimOptions } from '../../fakes/sim-network';
import { ATTR, encodeMessage, SERVER_PRESETS, TYPE, type ServerAnswer } from '../../fakes/stun-server';

const settings: RunSettings = {
  stun: [`${PRIMARY.address}:${PRIMARY.port}`],
  ports: '9000-9050', // 51 ports, as in the issue
  publicIp: null,
  concurrency: 16,
  rate: 1000,
  timeoutMs: 1000,
  order: 'sequential',
};
const FORWARDED: SimOptions['nat'] = { mapping: 'independent-preserving', filtering: 'address-port', forwards: 'all' };

/** Runs a check; `testing()` tells the tamper function whether the port tests have started. */
async function run(
  options: SimOptions,
  tamper: (answer: ServerAnswer, index: number, testing: boolean) => ServerAnswer[],
) {
  const clock = new FakeClock();
  let testing = false;
  const net = new SimNetwork(clock, { nat: FORWARDED, ...options, tamper: (a, i) => tamper(a, i, testing) });
  const report = await clock.run(
    runCheck(settings, {
      transport: net,
      clock,
      resolve: net.resolve,
      onProgress: (p) => {
        if (p.phase === 'testing') testing = true;
      },
    }),
  );
  return report;
}

/** Offset of the first attribute of `type` in a well-formed message. */
function attributeAt(data: Buffer, type: number): number {
  for (let at = 20; at + 4 <= data.length; at += 4 + Math.ceil(data.readUInt16BE(at + 2) / 4) * 4) {
    if (data.readUInt16BE(at) === type) return at;
  }
  throw new Error(`no attribute ${type.toString(16)}`);
}

/** The answer with bit 0 of the XOR-MAPPED-ADDRESS port flipped; FINGERPRINT left as it was. */
function flipPortBit(answer: ServerAnswer): ServerAnswer {
  const data = Buffer.from(answer.data);
  const at = attributeAt(data, ATTR.XOR_MAPPED_ADDRESS);
  data[at + 7]! ^= 0x01;
  return { ...answer, data };
}

describe('answers damaged on the way in', () => {
  it('one flipped port bit under the old FINGERPRINT in every first answer: 51/51 PASS, not PORT_TRANSLATED', async () => {
    const report = await run({}, (answer, index) => [index === 0 ? flipPortBit(answer) : answer]);
    expect(report.code).toBe('ALL_PASSED');
    expect(report.summary).toMatchObject({ total: 51, passed: 51 });
  });

  it('without FINGERPRINT the same damage cannot be told (what the check above guards against)', async () => {
    const report = await run(
      { behaviour: { ...SERVER_PRESETS.rfc5780, fingerprint: false } },
      (answer, index, testing) => [testing && index === 0 ? flipPortBit(answer) : answer],
    );
    expect(report.ports.every((p) => p.code === 'PORT_TRANSLATED')).toBe(true);
  });

  it('one mutated first answer (OTHER-ADDRESS type changed, old FINGERPRINT): the server is still used, not NO_SECOND_ADDRESS', async () => {
    let first = true;
    const report = await run({}, (answer) => {
      if (!first) return [answer];
      first = false;
      const data = Buffer.from(answer.data);
      data.writeUInt16BE(0x812c, attributeAt(data, ATTR.OTHER_ADDRESS));
      return [{ ...answer, data }];
    });
    expect(report.code).toBe('ALL_PASSED');
    expect(report.servers[0]).toMatchObject({ code: null });
  });

  it('every Test 1 answer damaged: MALFORMED_RESPONSE with the reason, never a verdict from its content', async () => {
    const report = await run({}, (answer, _index, testing) => [testing ? flipPortBit(answer) : answer]);
    expect(new Set(report.ports.map((p) => p.code))).toEqual(new Set(['MALFORMED_RESPONSE']));
    expect(report.ports[0]?.detail).toBe('test1: FINGERPRINT does not match the message (damaged on the way)');
    expect(report.code).toBe('ALL_FAILED');
  });
});

describe('answers forged on the way in', () => {
  /** An error answer from the primary with class 3 number 120 (once read as 420) and a valid FINGERPRINT. */
  const forged420 = (answer: ServerAnswer): ServerAnswer => ({
    from: PRIMARY,
    data: encodeMessage({
      type: TYPE.BINDING_ERROR,
      cookieAndId: answer.data.subarray(4, 20),
      attributes: [{ type: ATTR.ERROR_CODE, value: Buffer.from([0, 0, 3, 120]) }],
      fingerprint: true,
    }),
  });

  it('class 3 number 120 from the primary before the answer to selection’s CHANGE-REQUEST: ALL_PASSED, not NO_SECOND_ADDRESS', async () => {
    // Selection accepts an answer from the primary too (to decide at once): a forged 420 used to end it.
    const report = await run({}, (answer, index, testing) =>
      !testing && index === 0 && answer.from.address === ALTERNATE.address ? [forged420(answer), answer] : [answer],
    );
    expect(report.code).toBe('ALL_PASSED');
    expect(report.server?.changeRequestVerified).toBe(true);
  });

  it('the same forgery instead of Test 2’s answers: MALFORMED_RESPONSE, not a server that refused CHANGE-REQUEST', async () => {
    const report = await run({}, (answer, _index, testing) =>
      testing && answer.from.address === ALTERNATE.address ? [forged420(answer)] : [answer],
    );
    expect(report.code).toBe('ALL_FAILED');
    expect(report.ports[0]).toMatchObject({ code: 'MALFORMED_RESPONSE', detail: /^test2: an error response without/ });
  });
});
