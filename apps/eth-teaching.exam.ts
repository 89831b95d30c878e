import { ClusterApp } from '../lib/fleet/cluster-app';
import { ExamHub } from '../lib/hub/exam-hub';
import { SealedSecret } from '../lib/secrets/sealed-secret';
import { SecretKeyRef } from '../lib/secrets/secret-ref';
import { SebServer } from '../lib/seb/seb-server';
import { IStorageClass } from '../lib/core/storage-class-ref';
import { COURSE_IMAGES } from './course-images';
import { universityLdap } from './eth-teaching.ldap';

/**
 * eth-teaching's exam in Safe Exam Browser mode, next to its SEB Server: the hub admits only SEB
 * with the exam's settings (the Config Key, sealed, checked at the gate `<url>hub/seb-gate`), from
 * the exam rooms; candidates log in with the university directory (the group of the exam's
 * candidates). In SEB Server make an exam configuration whose start URL is the hub's URL and seal
 * its Config Key into the SealedSecret `seb-config-key` (`exam.sebSetup` lists the steps).
 *
 * Both SealedSecrets were sealed against the EXAMPLE certificate clusters/eth-teaching/sealed-secrets.pem
 * with random placeholders; on the real cluster:
 *
 * ```sh
 * printf %s "$CONFIG_KEY" | npx hubfleet seal --cert clusters/eth-teaching/sealed-secrets.pem --namespace exam-informatics-exam --name seb-config-key
 * printf %s "$LDAP_PASSWORD" | npx hubfleet seal --cert clusters/eth-teaching/sealed-secrets.pem --namespace exam-informatics-exam --name ldap-search
 * ```
 */
export function ethTeachingSebExam(app: ClusterApp, seb: SebServer, homes: IStorageClass): ExamHub {
  const exam = new ExamHub(app, 'informatics-exam', {
    title: 'Informatics I exam (Safe Exam Browser)',
    auth: universityLdap('cn=informatics-exam-candidates,ou=groups,dc=example-university,dc=ch'),
    image: COURSE_IMAGES.scipy,
    // 60 seats of 1 CPU / 2 GiB: what the 8 workers have free after the platform pods (capacity-exam-window).
    students: 60,
    seats: 60,
    cpuGuarantee: 1,
    memoryGuaranteeGiB: 2,
    home: { storageClass: homes, sizeGiB: 2 },
    window: { start: '2026-01-27T09:00', end: '2026-01-27T11:00', timeZone: 'Europe/Zurich' },
    // The exam rooms (HG E 19, HG E 26).
    allowedSourceCidrs: ['129.132.210.0/24', '129.132.211.0/24'],
    seb: { configKeys: SecretKeyRef.fromName('seb-config-key', 'config-keys'), server: { url: seb.url } },
  });
  new SealedSecret(exam, 'seb-config-key', {
    encryptedData: {
      'config-keys':
        'AgBhISiijohkg/SNe4snt7bhIL1Ply9fAE+CI1YJuURydV276aNril3fZoT30TiOUADM2kY7zrxd+FJWgve0S1r/PKgFgBYDacAXeNllqvbhNzlnPXIO0spW8koIgRbCSp528Uo29FEtc808UhXVRLPKd++9fwzmjFDI8a5TcNBoeEulBSts6YVy/AMgTH5uA+Rx5O9D1O75rNOUdt06RxX7uIvBnnTxsUpndYhgBCmypdY4laAuSi8DTjpay3a3o+dZnDTpQrOYTnSgnE8djzaDLpcYP+q3V56Wo2U/FMEH2U+EpKhcU6KIXeLitgAptmvlxhM7fALuvPLqVl4scEFbxeLn/7pv9C8hTZRmIvEcgiEjX7AXSlIsvx/I7sLH1qHcxjqiY/aZQMXpECsMXUJbjZkCT0zd/XsHjvaSOpTjtTxrmZ9BgO49AUY6kON898+HVCmnMXP+X74myyzOZSas1kvWGDohywXPR0h/2K9o1rUuhf64DqDJqUeo6E50xe9nNx5BIeSkn6fkQTZPuNHbJv/BqSvom8iXUhDUdRtCgExAz8depNYtZ7oZqEm/WyZ4Dq8tQt0j7KibQDZwQ9zjlaQvWoQ4g1uxhKzccLCYpS9uHXZxEBRHcTJc0q/9uZEgjXcWUGtyrqXVKJ9ZbKo1X9TLSlJeEfrSFxnxvN6+hqruxTdK9ykibyRJZiJzNwWsH2GIEBEB/OOiKhIyhLy9LJlVauXjJ/7+0XfBKmJeZFQSQn3qyryRYi9xgzQbYDWIuw8yi4r/CEc3j/LFQrZE',
    },
  });
  new SealedSecret(exam, 'ldap-search', {
    encryptedData: {
      password:
        'AgAN0b7ZXwbaVv//uYo2n9GvG5wW1HCR8CZ2YNtxfB7XMz7gF9CbJHbczxOey6bzLrsPbrHZWgODITIdGGHH6cxw7dgNcFK3F/PFPFZ4i7HzViY4slzmsSK4QSed76x8pwnYYEmj8SmWr2GG8kIt8atk7GyCvy7klcLjxM+Gr9EiYjTbKBICUyC/ix0Ei3tzIuF8PbupL333hcrSD1yFY29xEeoX19mv/SU1wV3O10tcvlFyd6/9ymjb4eYG/ctT1o99HoRcMixq3+Y9CildE4sakVjEZCLODVnqYvg3+KqnbHLwrMvwdi1Q/m3dw8c3hgOE4wXcb/ENh123IAw9AiBU/B3phY/uniE8Vs72VuMhxy9KDrFueKaQXAYdmUy6CpO296amplooH9aVm/CsU8Ic5KKcJJYZeLW0gHPutHbzY6W9shO+0KKWvvFUEZVFPC+t5TKyfddXC7l/lvvVNDVWxi+tB7JdjlmgHVMJUhbBINmaGBNchc5qXtB4Wfjta+W8CKHk9ss+ciWnIxai68PHF84wdPnVr38Rzbd50KtIpS3cVYOFCArwuUxlB7RMsE0oHSSAPAB4Hk/KsozXium6u1uGUaVJn+BkZ8E5t3o2YYrbZhYVaciMpDifJ6XcTXC7P/vYpqPZU+lbwfsMo5UIr8u5VEUnt8qO2tFszhsbLSxA2OfBWOQN3GFCUCnxrwwUvd856lGjmEbdVO9vdyuGJMgPcGy1Z2k=',
    },
  });
  return exam;
}
