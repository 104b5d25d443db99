/** Windows' rules for a service's short name, shared by the service kinds (detect.serviceState, repair.service). */

/** Why a name cannot be a service's short name, or undefined. */
export function serviceNameProblem(name: string): string | undefined {
  if (name === '') return 'it is empty';
  if (name.length > 256) return `it has ${name.length} characters; Windows allows at most 256`;
  if (/[\\/]/.test(name)) return "Windows forbids '/' and '\\' in service names";
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  if (/[\x00-\x1f\x7f]/.test(name)) return 'it contains a control character';
  if (name.trim() !== name) return 'it starts or ends with a space';
  // Windows allows it, but no program argument (sc.exe, net.exe) carries it reliably.
  if (name.includes('"')) return 'it contains a double quote';
  return undefined;
}

/** `startPending` -> `StartPending`: the engine's spelling (ServiceControllerStatus names). */
export function engineName(value: string): string {
  return value.charAt(0).toUpperCase() + value.slice(1);
}
