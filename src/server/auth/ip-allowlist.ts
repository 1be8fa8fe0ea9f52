/**
 * The optional allowlist of addresses administrators may work from (等保 8.1.4.4c 接入限制; M12 in
 * docs/security.md). Entries are addresses or CIDR ranges, IPv4 or IPv6.
 */
import { BlockList, isIP } from "node:net";

/** A compiled allowlist; `allows` is true for every address when the list is empty. */
export interface IpAllowlist {
  readonly empty: boolean;
  allows(ip: string): boolean;
}

/**
 * Compiles `entries` ("10.0.0.0/8", "192.168.1.5", "fd00::/8"); throws on an entry that is not an
 * address or a range, so a typo in the setting stops the server instead of locking nobody out.
 */
export function compileAllowlist(entries: readonly string[]): IpAllowlist {
  const list = new BlockList();
  for (const raw of entries) {
    const entry = raw.trim();
    if (entry === "") continue;
    const [address = "", bits] = entry.split("/");
    const family = isIP(address);
    if (family === 0) throw new Error(`管理员访问地址白名单中的条目无效：${entry}`);
    const type = family === 4 ? "ipv4" : "ipv6";
    if (bits === undefined) {
      list.addAddress(address, type);
      continue;
    }
    const prefix = Number(bits);
    if (!Number.isInteger(prefix) || prefix < 0 || prefix > (family === 4 ? 32 : 128))
      throw new Error(`管理员访问地址白名单中的条目无效：${entry}`);
    list.addSubnet(address, prefix, type);
  }
  const empty = entries.every((e) => e.trim() === "");
  return {
    empty,
    allows(ip: string): boolean {
      if (empty) return true;
      // An IPv4 client on a dual-stack socket shows as ::ffff:a.b.c.d.
      const plain = ip.startsWith("::ffff:") && isIP(ip.slice(7)) === 4 ? ip.slice(7) : ip;
      const family = isIP(plain);
      if (family === 0) return false;
      return list.check(plain, family === 4 ? "ipv4" : "ipv6");
    },
  };
}

const compiled = new WeakMap<readonly string[], IpAllowlist>();

/** The compiled allowlist of these settings' `adminAllowedIps` (compiled once per settings object). */
export function adminAllowlist(settings: { adminAllowedIps: readonly string[] }): IpAllowlist {
  let list = compiled.get(settings.adminAllowedIps);
  if (!list) {
    list = compileAllowlist(settings.adminAllowedIps);
    compiled.set(settings.adminAllowedIps, list);
  }
  return list;
}
