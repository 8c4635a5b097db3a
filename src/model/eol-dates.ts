/**
 * End-of-life dates of the runtimes and distributions that base images are made of: the day after
 * which the project stops shipping security fixes for that release. Update this table when a
 * project announces or moves a date; each product names where its dates come from.
 *
 * CUDA and Red Hat UBI were added on 2026-12-07 from NVIDIA's container support policy and Red Hat's life cycle.
 *
 * Checked on 2026-11-23 against endoflife.date and the projects' pages for Python, Node.js, Debian,
 * Ubuntu 20.04 and Alpine 3.14-3.19; the other dates are from the same sources as known to the
 * author at that time. Dates marked "scheduled" follow the project's published policy and should be
 * replaced by the actual date once it is past.
 */

export interface EolCycle {
  /** The release as tags name it: `3.8`, `16`, `10`, `18.04`. */
  readonly cycle: string;
  /** Last day of security support, `YYYY-MM-DD`. */
  readonly eol: string;
  /** Distribution code name (`buster`, `bionic`) or Node.js LTS name (`gallium`). */
  readonly codename?: string;
}

export interface EolProduct {
  /** How messages name it: `Python`, `Debian`. */
  readonly name: string;
  /** Where the dates come from. */
  readonly sources: readonly string[];
  /** Oldest first. */
  readonly cycles: readonly EolCycle[];
}

export type ProductId =
  | 'python'
  | 'node'
  | 'golang'
  | 'ruby'
  | 'php'
  | 'postgres'
  | 'debian'
  | 'ubuntu'
  | 'alpine'
  | 'centos'
  | 'centos-stream'
  | 'rhel'
  | 'cuda';

export const EOL_DATES: Readonly<Record<ProductId, EolProduct>> = {
  python: {
    name: 'Python',
    sources: ['https://devguide.python.org/versions/', 'https://endoflife.date/python'],
    cycles: [
      { cycle: '2.6', eol: '2013-10-29' },
      { cycle: '2.7', eol: '2020-01-01' },
      { cycle: '3.3', eol: '2017-09-29' },
      { cycle: '3.4', eol: '2019-03-18' },
      { cycle: '3.5', eol: '2020-09-30' },
      { cycle: '3.6', eol: '2021-12-23' },
      { cycle: '3.7', eol: '2023-06-27' },
      { cycle: '3.8', eol: '2024-10-07' },
      { cycle: '3.9', eol: '2025-10-31' },
      { cycle: '3.10', eol: '2026-10-31' },
      { cycle: '3.11', eol: '2027-10-31' },
      { cycle: '3.12', eol: '2028-10-31' },
      { cycle: '3.13', eol: '2029-10-31' },
      { cycle: '3.14', eol: '2030-10-31' },
    ],
  },
  node: {
    name: 'Node.js',
    sources: ['https://github.com/nodejs/Release#release-schedule', 'https://endoflife.date/nodejs'],
    cycles: [
      { cycle: '4', eol: '2018-04-30', codename: 'argon' },
      { cycle: '5', eol: '2016-06-30' },
      { cycle: '6', eol: '2019-04-30', codename: 'boron' },
      { cycle: '7', eol: '2017-06-30' },
      { cycle: '8', eol: '2019-12-31', codename: 'carbon' },
      { cycle: '9', eol: '2018-06-30' },
      { cycle: '10', eol: '2021-04-30', codename: 'dubnium' },
      { cycle: '11', eol: '2019-06-01' },
      { cycle: '12', eol: '2022-04-30', codename: 'erbium' },
      { cycle: '13', eol: '2020-06-01' },
      { cycle: '14', eol: '2023-04-30', codename: 'fermium' },
      { cycle: '15', eol: '2021-06-01' },
      { cycle: '16', eol: '2023-09-11', codename: 'gallium' },
      { cycle: '17', eol: '2022-06-01' },
      { cycle: '18', eol: '2025-04-30', codename: 'hydrogen' },
      { cycle: '19', eol: '2023-06-01' },
      { cycle: '20', eol: '2026-04-30', codename: 'iron' },
      { cycle: '21', eol: '2024-06-01' },
      { cycle: '22', eol: '2027-04-30', codename: 'jod' },
      { cycle: '23', eol: '2025-06-01' },
      { cycle: '24', eol: '2028-04-30', codename: 'krypton' },
      { cycle: '25', eol: '2026-06-01' }, // scheduled
      { cycle: '26', eol: '2029-04-30' }, // scheduled
    ],
  },
  golang: {
    name: 'Go',
    // Each release is supported until the second newer major release (every February and August).
    sources: ['https://go.dev/doc/devel/release#policy', 'https://endoflife.date/go'],
    cycles: [
      { cycle: '1.10', eol: '2019-02-25' },
      { cycle: '1.11', eol: '2019-09-03' },
      { cycle: '1.12', eol: '2020-02-25' },
      { cycle: '1.13', eol: '2020-08-11' },
      { cycle: '1.14', eol: '2021-02-16' },
      { cycle: '1.15', eol: '2021-08-16' },
      { cycle: '1.16', eol: '2022-03-15' },
      { cycle: '1.17', eol: '2022-08-02' },
      { cycle: '1.18', eol: '2023-02-01' },
      { cycle: '1.19', eol: '2023-08-08' },
      { cycle: '1.20', eol: '2024-02-06' },
      { cycle: '1.21', eol: '2024-08-13' },
      { cycle: '1.22', eol: '2025-02-11' },
      { cycle: '1.23', eol: '2025-08-12' },
      { cycle: '1.24', eol: '2026-02-11' }, // scheduled: the Go 1.26 release
      { cycle: '1.25', eol: '2026-08-12' }, // scheduled: the Go 1.27 release
      { cycle: '1.26', eol: '2027-02-10' }, // scheduled
    ],
  },
  ruby: {
    name: 'Ruby',
    sources: ['https://www.ruby-lang.org/en/downloads/branches/', 'https://endoflife.date/ruby'],
    cycles: [
      { cycle: '2.3', eol: '2019-03-31' },
      { cycle: '2.4', eol: '2020-03-31' },
      { cycle: '2.5', eol: '2021-04-05' },
      { cycle: '2.6', eol: '2022-04-12' },
      { cycle: '2.7', eol: '2023-03-31' },
      { cycle: '3.0', eol: '2024-04-23' },
      { cycle: '3.1', eol: '2025-03-26' },
      { cycle: '3.2', eol: '2026-03-31' },
      { cycle: '3.3', eol: '2027-03-31' },
      { cycle: '3.4', eol: '2028-03-31' },
    ],
  },
  php: {
    name: 'PHP',
    sources: ['https://www.php.net/supported-versions.php', 'https://endoflife.date/php'],
    cycles: [
      { cycle: '5.6', eol: '2018-12-31' },
      { cycle: '7.0', eol: '2019-01-10' },
      { cycle: '7.1', eol: '2019-12-01' },
      { cycle: '7.2', eol: '2020-11-30' },
      { cycle: '7.3', eol: '2021-12-06' },
      { cycle: '7.4', eol: '2022-11-28' },
      { cycle: '8.0', eol: '2023-11-26' },
      { cycle: '8.1', eol: '2025-12-31' },
      { cycle: '8.2', eol: '2026-12-31' },
      { cycle: '8.3', eol: '2027-12-31' },
      { cycle: '8.4', eol: '2028-12-31' },
    ],
  },
  postgres: {
    name: 'PostgreSQL',
    sources: ['https://www.postgresql.org/support/versioning/', 'https://endoflife.date/postgresql'],
    cycles: [
      { cycle: '9.3', eol: '2018-11-08' },
      { cycle: '9.4', eol: '2020-02-13' },
      { cycle: '9.5', eol: '2021-02-11' },
      { cycle: '9.6', eol: '2021-11-11' },
      { cycle: '10', eol: '2022-11-10' },
      { cycle: '11', eol: '2023-11-09' },
      { cycle: '12', eol: '2024-11-21' },
      { cycle: '13', eol: '2025-11-13' },
      { cycle: '14', eol: '2026-11-12' },
      { cycle: '15', eol: '2027-11-11' },
      { cycle: '16', eol: '2028-11-09' },
      { cycle: '17', eol: '2029-11-08' },
    ],
  },
  debian: {
    name: 'Debian',
    // The end of Debian LTS: the official `debian` images keep receiving updates until then.
    sources: ['https://wiki.debian.org/LTS', 'https://endoflife.date/debian'],
    cycles: [
      { cycle: '7', eol: '2018-05-31', codename: 'wheezy' },
      { cycle: '8', eol: '2020-06-30', codename: 'jessie' },
      { cycle: '9', eol: '2022-06-30', codename: 'stretch' },
      { cycle: '10', eol: '2024-06-30', codename: 'buster' },
      { cycle: '11', eol: '2026-08-31', codename: 'bullseye' },
      { cycle: '12', eol: '2028-06-30', codename: 'bookworm' },
      { cycle: '13', eol: '2030-06-30', codename: 'trixie' },
    ],
  },
  ubuntu: {
    name: 'Ubuntu',
    // End of standard support; Expanded Security Maintenance needs Ubuntu Pro, which the `ubuntu` images do not have.
    sources: ['https://ubuntu.com/about/release-cycle', 'https://endoflife.date/ubuntu'],
    cycles: [
      { cycle: '12.04', eol: '2017-04-28', codename: 'precise' },
      { cycle: '14.04', eol: '2019-04-25', codename: 'trusty' },
      { cycle: '16.04', eol: '2021-04-30', codename: 'xenial' },
      { cycle: '16.10', eol: '2017-07-20', codename: 'yakkety' },
      { cycle: '17.04', eol: '2018-01-13', codename: 'zesty' },
      { cycle: '17.10', eol: '2018-07-19', codename: 'artful' },
      { cycle: '18.04', eol: '2023-05-31', codename: 'bionic' },
      { cycle: '18.10', eol: '2019-07-18', codename: 'cosmic' },
      { cycle: '19.04', eol: '2020-01-23', codename: 'disco' },
      { cycle: '19.10', eol: '2020-07-17', codename: 'eoan' },
      { cycle: '20.04', eol: '2025-05-31', codename: 'focal' },
      { cycle: '20.10', eol: '2021-07-22', codename: 'groovy' },
      { cycle: '21.04', eol: '2022-01-20', codename: 'hirsute' },
      { cycle: '21.10', eol: '2022-07-14', codename: 'impish' },
      { cycle: '22.04', eol: '2027-04-30', codename: 'jammy' },
      { cycle: '22.10', eol: '2023-07-20', codename: 'kinetic' },
      { cycle: '23.04', eol: '2024-01-25', codename: 'lunar' },
      { cycle: '23.10', eol: '2024-07-11', codename: 'mantic' },
      { cycle: '24.04', eol: '2029-04-30', codename: 'noble' },
      { cycle: '24.10', eol: '2025-07-10', codename: 'oracular' },
    ],
  },
  alpine: {
    name: 'Alpine Linux',
    sources: ['https://alpinelinux.org/releases/', 'https://endoflife.date/alpine'],
    cycles: [
      { cycle: '3.3', eol: '2017-11-01' },
      { cycle: '3.4', eol: '2018-05-01' },
      { cycle: '3.5', eol: '2018-11-01' },
      { cycle: '3.6', eol: '2019-05-01' },
      { cycle: '3.7', eol: '2019-11-01' },
      { cycle: '3.8', eol: '2020-05-01' },
      { cycle: '3.9', eol: '2020-11-01' },
      { cycle: '3.10', eol: '2021-05-01' },
      { cycle: '3.11', eol: '2021-11-01' },
      { cycle: '3.12', eol: '2022-05-01' },
      { cycle: '3.13', eol: '2022-11-01' },
      { cycle: '3.14', eol: '2023-05-01' },
      { cycle: '3.15', eol: '2023-11-01' },
      { cycle: '3.16', eol: '2024-05-23' },
      { cycle: '3.17', eol: '2024-11-22' },
      { cycle: '3.18', eol: '2025-05-09' },
      { cycle: '3.19', eol: '2025-11-01' },
      { cycle: '3.20', eol: '2026-04-01' },
      { cycle: '3.21', eol: '2026-11-01' },
      { cycle: '3.22', eol: '2027-05-01' },
      { cycle: '3.23', eol: '2027-11-01' },
    ],
  },
  centos: {
    name: 'CentOS Linux',
    sources: ['https://www.centos.org/centos-linux-eol/', 'https://endoflife.date/centos'],
    cycles: [
      { cycle: '6', eol: '2020-11-30' },
      { cycle: '7', eol: '2024-06-30' },
      { cycle: '8', eol: '2021-12-31' },
    ],
  },
  'centos-stream': {
    name: 'CentOS Stream',
    sources: ['https://www.centos.org/cs8-eol/', 'https://endoflife.date/centos-stream'],
    cycles: [
      { cycle: '8', eol: '2024-05-31' },
      { cycle: '9', eol: '2027-05-31' },
    ],
  },
  rhel: {
    // The `ubiN` part of `nvidia/cuda` tags: Red Hat Universal Base Images follow RHEL's life cycle (end of Maintenance Support).
    name: 'Red Hat UBI',
    sources: ['https://access.redhat.com/support/policy/updates/errata', 'https://endoflife.date/rhel'],
    cycles: [
      { cycle: '7', eol: '2024-06-30' },
      { cycle: '8', eol: '2029-05-31' },
      { cycle: '9', eol: '2032-05-31' },
    ],
  },
  cuda: {
    // NVIDIA's container support policy (checked 2026-12-07): a CUDA release's images reach end of life when the
    // data-center driver branch it shipped with does, only the latest point release of a supported release is kept,
    // two major releases are supported at a time (CUDA 11 ended when CUDA 13 came out, August 2025), and the tags of
    // an unsupported release are deleted from Docker Hub and NGC six months after its end of life. Only releases
    // past their end of life are listed: CUDA 12 and 13 are supported. Dates are the last day of the month the
    // source names.
    name: 'CUDA',
    sources: [
      'https://gitlab.com/nvidia/container-images/cuda/-/blob/master/doc/support-policy.md',
      'https://gitlab.com/nvidia/container-images/cuda/-/issues/177',
      'https://docs.nvidia.com/datacenter/tesla/pdf/NVIDIA_CUDA_Drivers_Support.pdf',
      'https://github.com/conda-forge/conda-forge-pinning-feedstock/issues/7404',
    ],
    cycles: [
      // Their last driver branch, R418, ended in March 2022; their tags were deleted in July 2023.
      { cycle: '7.0', eol: '2022-03-31' },
      { cycle: '7.5', eol: '2022-03-31' },
      { cycle: '8.0', eol: '2022-03-31' },
      { cycle: '9.0', eol: '2022-03-31' },
      { cycle: '9.1', eol: '2022-03-31' },
      { cycle: '9.2', eol: '2022-03-31' },
      { cycle: '10.0', eol: '2022-03-31' },
      { cycle: '10.1', eol: '2022-03-31' },
      { cycle: '10.2', eol: '2022-03-31' },
      // R450 ended in July 2023.
      { cycle: '11.0', eol: '2023-07-31' },
      { cycle: '11.1', eol: '2023-07-31' },
      { cycle: '11.2', eol: '2023-07-31' },
      { cycle: '11.3', eol: '2023-07-31' },
      // R470 ended in July 2024 (the policy's own example).
      { cycle: '11.4', eol: '2024-07-31' },
      { cycle: '11.5', eol: '2024-07-31' },
      { cycle: '11.6', eol: '2024-07-31' },
      // R515 ended in May 2023 (the announcement's example).
      { cycle: '11.7', eol: '2023-05-31' },
      // Kept as the older of the two supported major releases until CUDA 13 (August 2025).
      { cycle: '11.8', eol: '2025-08-31' },
    ],
  },
};
