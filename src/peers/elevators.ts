/**
 * Which peers report a command run through an elevator (no-sudo): hadolint DL3004, Trivy DS-0010 and Checkov
 * CKV2_DOCKER_1 look for `sudo` only; none of them knows `doas`.
 */
const ELEVATOR_ALIASES: Readonly<Record<string, readonly string[]>> = {
  sudo: ['DL3004', 'DS-0010', 'CKV2_DOCKER_1'],
  doas: [],
};

/** The peer codes for a `RUN` that elevates with `tool` (`sudo`, `doas`). */
export function elevatorAliases(tool: string): readonly string[] {
  return Object.hasOwn(ELEVATOR_ALIASES, tool) ? ELEVATOR_ALIASES[tool] : [];
}
