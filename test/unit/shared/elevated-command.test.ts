import { describe, expect, it } from 'vitest';
import { DEFAULT_STUN_SERVERS } from '../../../shared/settings';
import { elevatedCheckCommand } from '../../../shared/view';

describe('the command that runs the same check as root (Linux, macOS)', () => {
  it('names the ports as the window would check them, and the servers only when they are not the default', () => {
    expect(elevatedCheckCommand({ ports: '5060 , 9000-9099,5090', stun: [...DEFAULT_STUN_SERVERS] })).toBe(
      'sudo voip-fwcheck check --ports 5060,5090,9000-9099 --stop-services',
    );
    expect(elevatedCheckCommand({ ports: '5060', stun: ['stun.example.net:3478', '[2001:db8::1]:3478'] })).toBe(
      'sudo voip-fwcheck check --ports 5060 --stun stun.example.net:3478,[2001:db8::1]:3478 --stop-services',
    );
  });

  it('leaves out what a shell would read, and gives no command for ports that do not parse', () => {
    const command = elevatedCheckCommand({ ports: '5060', stun: ['a.example;reboot', '$(id):3478', 'ok.example'] });
    expect(command).toBe('sudo voip-fwcheck check --ports 5060 --stun ok.example --stop-services');
    expect(elevatedCheckCommand({ ports: '5060; reboot', stun: [] })).toBeNull();
    expect(elevatedCheckCommand({ ports: '10999-9000', stun: [] })).toBeNull();
  });
});
