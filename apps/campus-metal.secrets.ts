import { Package } from '../lib/fleet/package';
import { SealedSecret } from '../lib/secrets/sealed-secret';

/**
 * campus-metal's credentials, as SealedSecrets (strict scope: each decrypts only as its own namespace
 * and name), sealed against the EXAMPLE certificate clusters/campus-metal/sealed-secrets.pem with
 * random placeholder values (clusters/README.md). On the real cluster:
 *
 * ```sh
 * kubeseal --fetch-cert > clusters/campus-metal/sealed-secrets.pem
 * npx hubfleet seal --cert clusters/campus-metal/sealed-secrets.pem --namespace monitoring --name grafana-admin \
 *     --from-env-file grafana.env          # admin-user=…, admin-password=…
 * ```
 *
 * and paste the ciphertexts here. Alerts go through the campus relay, which accepts the cluster's
 * nodes without a login, so there is no notification credential to seal.
 */
export function monitoringSecrets(monitoring: Package): SealedSecret {
  return new SealedSecret(monitoring, 'grafana-admin', {
    encryptedData: {
      'admin-user':
        'AgCjoctqjECOemJRARZ/ibaul1puZjKcFTgztgPwFwzLUBupAuUqBc4Ngpo0jzZfHSgUtDhZrz19q8phin8A0Ywza3GJcgRBigvkurJrhfy2IavUVSIMPVzDUrHUgf/syF84JnIPhVl1alVhsLFQF9AhLFINxxpYGfM7GGtD6aQD1DRMRzG9dQa8G8BqgpJf9qopSpgbMZ8NZYe16Gbg+O/YgmfqTiPbsI4PUsJgRz8hCtAmcDBLt3eBrYaTfX2YiRQrbfA9BUcQjK6Jlrp9ZEz8MuFi3iqHu13b9MBCbQoVGOxyG3pB8g4vdyB5O8Hkl47EmmQDcJ+BSVd58TAcHdpcG+g+fEHlsymXoRHIp1HZ09GrRKNaYnUH9eZoo5DmpXhfOtEmfZ+QdZOEV+Qq+erqKPHxFn1eEUH8d86GBnax4BN7aua6lpc8esIEASsIEuB5yN1pW8VJVfc7Silj3+HvLmD0GSZLzHdsX2EwuKSsdXxXzGlymQbRSF8g7oj0DOEGcAHGDYmXY5PcBtcv434QdF+RQ0QqPkjfDhPWHn+7QMSOHlzvhxhj18T6qzBnJZR2OjFInPS7ksEyKTsYeH/wkPi3r2qUIETEpaNDF9SQgrVnrxPQNRriVLHxeSyBjKQzA4ZUnNQJFM4fhDWWj+rEGdA+ZBmpnEBy/ZvPgrbiAjtrR+oZ30lq82lQXPp3nI5P72Kntw==',
      'admin-password':
        'AgCfGBGdC0MR5Ue1QAzO83j9bDh1sVrApMPqcCyaCy9E79cUmal3lNS5NNLnhaBbvR7eLrp+PWTfb35yk0au7Z2dpld+Noopa1H5nSlt14W+Cw39rYsRAE8Tzl9hGVPWpi/eTmtyVjR6tgMI8T+V2uTzSbxkibd0FvgclrwfSE4y4r9Jn+VPElKwRVAYULPkYzZPumRKzXvUy8dz8p+g7DpwEPz9CNZLSHmzzdu2pafDPiCPKobrkcxo/1ni2Hogu92pvlnzvs0oMHinY/O/OQ4WbstDpILruGX9U/PwLjh9YVVbe4SMRKbuEN9Rv6hPOScRyvh0tx0JRXmzEDArUFI6zZBiQx4FjeK/+6TGLluN/kGybjzJuZlnKU3jODggaq8PMlzvpQRt4yfiuRnxXyAvC8sAre9RWbKMpfN9oQJfGjTOOn12Qeld0VprgWFUxBFDFRvlB+DZTiLaEJ005e9B4ugZkAFsnTO5ObeoFUSw+hH5j/LBje9LbtLZpOK3CZcmm9AF/p7OdbruDWFYYxUF7AvqizFKqkeJ/siiYJEaEwEloJKp2T2nMORRhCKff0ySCR2lFM+QcZrWTiCE4xS462Axo8EMo4f6UfdApsiSwJtbmLK7u8w0zejaOBMiyTwSjGovqliAkJXYvUXUBzmHfvugEIVC5TgIMn97JZQ7WlFDU60plbOxPM6IV3qQxMxjMmEkfdhnhR+8xC01vNQvMhOuKb/zqntr5y976m7krA==',
    },
  });
}
