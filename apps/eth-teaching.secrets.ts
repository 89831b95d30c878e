import { Package } from '../lib/fleet/package';
import { SealedSecret } from '../lib/secrets/sealed-secret';

/**
 * eth-teaching's credentials from outside the cluster, as SealedSecrets (strict scope: each decrypts
 * only as its own namespace and name). They were sealed against the EXAMPLE certificate
 * clusters/eth-teaching/sealed-secrets.pem with random placeholder values (see clusters/README.md).
 * On a real cluster fetch its certificate and seal the real values again, e.g.
 *
 * ```sh
 * kubeseal --fetch-cert > clusters/eth-teaching/sealed-secrets.pem
 * printf %s "$LDAP_PASSWORD" | npx hubfleet seal --cert clusters/eth-teaching/sealed-secrets.pem \
 *     --namespace course-research-methods --name ldap-search
 * npx hubfleet seal --cert clusters/eth-teaching/sealed-secrets.pem --namespace seb --name seb-credentials \
 *     --from-env-file seb.env      # sebserver-password=…, db-root-password=…, db-password=…, admin-password=…
 * ```
 *
 * and paste the ciphertexts here. The SEB Server password must never change after the first start.
 */

/** The LDAP search password of the research-methods hub (Secret `ldap-search`, key `password`). */
export function ldapSearchSecret(researchMethodsHub: Package): SealedSecret {
  return new SealedSecret(researchMethodsHub, 'ldap-search', {
    encryptedData: {
      'password':
        'AgAugBQjrbDOWAVeSYL5zXlt9mbDrY/zLZDrrWegRCxlrxtjIJrJ7/9qA8G685osamvFf0UFs13tmISsJ9UBidlX6sWCJZU6WjAns67k7NyR1LTK5fsrEIQMr9Mx26fhbpUiI7/chF86BgJeTcaNlbcxajstbclrrvZPbq6SEFadNT6F3CSBXhHzQi3xnDVYxZpvrq5ciSvxXt1vzCQ4k2N5YSxSfkTuC5bc0dmOIaG8oLoQIvIGi0hd0JzqjkLBAOqBQMxMrEqhFELhP7rT4XSiF15VE+/aQqhyP1MIXZgNLmeGMo1b+wVIXAZhzOjUJbM6X3qEyqQNG3r9aeeRAY7d9EsyadkSVs5z4/jLBUPUlY3k8Bd6tSw/yvbRsl+rPR3Gi5ygSKZuvy2KACM6tseheb/cYyIpUL9jlxiIicP0Khz/e86OeV6g2yA+QB3YFFVbswvtyMUY8pu2rsbls57eqh2Ii9v5CtHuCYBOjg5/kaotDpCXcOkjiZzWIqGfFarV8uYn7WK5tMbGl5S386ZJHyJwZ601rPQWZ3llW7vyBQclFuRocYNCSoLxPXODskWHT3LfCmIkVMDgnp3ZYTf/7k8XUOCMgiwh1azVxrEyWLxyXEnjXOz5YIMy+qj3sxao4TKI8BENq4shWRSfn1VdyIVhyj4Ciu1i9osDtHDfxjbuCytItPht3lw3/q13nyag8RwobzGG6ITHnFo9mD4RPvVTCgC4mAjcFbjSxRp44qaHnM71pJANWJLlFYK9F62Ydez76tSiv3ot8nA=',
    },
    labels: { 'hubfleet.io/course': 'research-methods' },
  });
}

/** SEB Server's credentials (Secret `seb-credentials` in namespace `seb`). */
export function sebCredentials(seb: Package): SealedSecret {
  return new SealedSecret(seb, 'seb-credentials', {
    encryptedData: {
      'sebserver-password':
        'AgCqa3t895gy7+vnRFbwtgyEpcSP/RYHjCpumRKtVMT2YjgA7Fhaze0/ljil11akaJTpRfS+SHB6NMs8YvJlZhoj9r43TkEa+j3ZIXkSXC65uGtpM9EWNrOZu+82MD68kIV7PDSuAQpBJmhlAgwtZu2tumcuDlaXwiJ2QduP27WJWV/SWRck1mORwZKFkRZ8e68+jqmwlFGyY3ONuEedZx6j+wtnemSge+88DOqhjt+U+uvEmNlP7wkyPazF/Uav82yyNEB+f/5Y2H1ba+5f5mfNhwG7K58arHTV/I1PSgaelPIpT6SOefq/mWkKoflCq0O4RJSOclPxPVormlQZG5U3Oz2fv4yOJNGhzbr3x9RSmbhqWFNan1u6+p2yqhcxGf8WV4Z7eXDV4OVzDyFQEzdICPpPbtOA/aD2iS+h9A4FEkt4V8q6KD9RoF0lxDBwSls1zv2OUMsZmvnyY7co8njzpe69y0DENXVOWk0xHHUjo0Ue+qL1a5RW7W5lkvWfzn6uKyQ3zUULeqMJ9NA9j+vaZ3QYWo+TqItnAghctwjyd29rBkESdIxTeTxNayXjVCz6ZgR7lbNPpAR0NuzSBO1+OPxqOgFKGnnaaIcCFgKDcpiWtj3MEmErnchXFofYPf0ri+XVEildrSXqwmQ4V9a3T3X2FPQsMg/4vfV5sdVVEtc3tZqgauHMO88PEi9qGvD/UXQdC5d4vIeb1UZLij9iHEpoxW+jc4b+cH5hYH+kv/RkbSEnFm7i2dxei5bECwu+f3+vSo7wg2p0Rag=',
      'db-root-password':
        'AgCDjCFfZaY6QGUIhMhHS6CDyqLRBXEMdXw1YHi7hJxIbmf1S3M5Ur6xZx+OjHML57vJgFldd7x3OH544/NWBp+1jna5AICHhddCtbBwyE3vCxQYUI+LjNXQRUNUAPbAo/mZpp+3ufe8N+pl0NQGQamxokxQ6+Y8WqssKOly1/FuePi1Afn3ceQs5RgF9nYShGfo8DmG/uOAngx4F3clmgjwX/etJQWti8gw+j/kakFly5e3KfTmwlmsxX/FylzKmfJ5UM9MFMHhmyS45GKDpZdmvkY3nD3UktKslZHmireTAP2Kq8KHRLOQ6hNam3/CzpqSVy48ASB1My75RbD09+uywcqxnPs8CK5qxmtaRtkH7X1R0qmiBjOPbonvItyY4w35NHMg68inOtmMYFeIBxpBh25E26wNC2jmctiye6B0nED65yfgbnFJ0Nl27IqxoAn5lZuHkFcm+7170tYZpuuJkPdJTqXuzHBw2InSz2FF4PYcw/N/+A7d7n7Y+kvlXn6O/loCHmh5BZkJFBUU9oy9Dbix9jvYctIxekOamo331EByWOcgys61yiEiMc6Ss07AnMig2UaK/hJB+p7GpDUPD5J+UkEXmUOplkvOnpyvWbYP7G02VpPA4mqNSoByZ/P8jQKIugxryGqEW+rKCbf0YUEk7edlb5pUFilWFpTMTZMWeN9KsqGradqhV29qIYJSt2+7IAPa0J1gHWAbUl7rjo+/SgOM0+Tvg80waCKEmiTffpGSdeRYoIzM5HJ7R2kZJc4GmLW/vgFRleU=',
      'db-password':
        'AgCYQVYhdFOLRN/xxcK8uvdnwJZehjjRieLVIxT+Rvtb+b7dAIeNSJ5FALe1hTD58vCunfZWt2wbZ3OaoZs9j7Mc49EFRHv0kpvZz+041N8mPK76jx96Fz1yNjPY0qub03LKrdjmlcjBlhgWVlrUU+Y7rTlsqOvR7UAS9aIMxh1LGS5yM7FCAbL5jb44Z6Bw9QGKM7818Nv/RbEiB5WPffO2PPnnQ3A3RXdy0Yp3NSUccRmuKh7VQOsbNEF367jbPAwBYeDaLNGX2PI+mRUU3SPx5mhilLSvHuj0sUDmI3YyWGVOx65xd8Mx40KD1/RBfjrz69/13MByeUubdBGVAiKZih5q6PLaPxXtn/xdy2WdRu4z7l1dpdXRlOVb0KEJ5FObyliHz7j4ntcllZCaoPma8RAQyP8VuKCGHPI+Jl0ex3iMO1HUTUUWWKz3rbMppZlG+jTvyU0Gnu/M1sjpDXKcFXOgD3mbDAavB9Q0MD740opMOSGSxb8TVnySCE2oAOp9IHo1C7G850emV4wMUAHnUHop2DDiBtc98pzUY/G5pVEictBL6croNMIw1/sBTBPwUiCc7+C2bu862LIagDFRLXvjer1izJwAPtPgFgpHCCMMdGQsHKokMfRxm71NiWMS3IGHMYtX1h6PO6nfzdCsds7R3Ycbydw8FA7CNi4ekoyUzQQfj3Z8JCgk4X5qs8TAOdPo2BZnL0XhwJiIOepV3qa0T6JFHxHjYp6DFsDq+Tzh1yjcW7B2JvXHYIYGrOU/uTN2VFEh8w6xaks=',
      'admin-password':
        'AgBE6viGGwSRFk+7jCX8fTaBELE/P8Z7piohcFSX6NjxoZNMVDxLszaQKjt3VbtvFGAFc/ADTQai5hsorpb541StWhqCsrrgLajEX0/XfYjVQ7KTPXdfDyryMSflnQX3QVUhDGmYzFPA2Oz98sZw5JXYx3v75pWCiql2chSFBr3wBBS6pQ1FXw9yhElqddG7XFaqK8YPXBqb+5bK/oSPrpYiWWW/MWu1r/vO7xJdA6LYH1AOoJxIX4r16eeDVJ2G1UshFk884pY5HaKl0syxdIoWdINEG1EwTaL/iaaPCc6cgWp9NVPZM3zz7/fcLFvjbBsu7yfd5r8I3khcD5TH5RLIRuKxO3C6OSoXA6YqCKLYCyK1lNZKkXEBq+tLCmMBw1sqhohrtulqMmjtdtg6an47o6kRlIjkI5Uetgjg2L/RARfzL6GDyoHOBv0SBwaC2z+pDj7ANsJuhZlf6ONZFvVL1+t2dyQNd1oH05QPpPt3Nzonlhq5/KVqQVDyx4uFMimUNL66UCtQohmovQnMlVb3j75oWXSUdW/RjOKp/Tcrq8B64YAggWNGq3R0IVzalVLW/V/oY2BK6af4q4VZW4tGkF8pISKVQC11Wy1hbPBaeD248gD9AGFxxV6fSNUTHwd1qC5UdsY6I04Hgrax+fY2B9V269MPa7RT5zRoEDlW85v8urMQ0GPO0GxCDD8cyx7jy4ijeHHhBBnZTtxrzO/+X8eiiK0rO6XXnO9IGEQOs+MiRnUF5O+aB+U2pLjnRWY3VTHnPrZdXbH/8CM=',
    },
  });
}

/**
 * The monitoring add-on's credentials (namespace monitoring), sealed against the EXAMPLE certificate
 * clusters/eth-teaching/sealed-secrets.pem with random placeholders. On the real cluster:
 *
 * ```sh
 * npx hubfleet seal --cert clusters/eth-teaching/sealed-secrets.pem --namespace monitoring --name grafana-admin \
 *     --from-env-file grafana.env          # admin-user=…, admin-password=…
 * npx hubfleet seal --cert clusters/eth-teaching/sealed-secrets.pem --namespace monitoring --name alert-notifications \
 *     --from-env-file notifications.env    # smtp-password=… (the alert mailbox's SMTP password)
 * ```
 */
export function monitoringSecrets(monitoring: Package): void {
  new SealedSecret(monitoring, 'grafana-admin', {
    encryptedData: {
      'admin-user':
        'AgAQ3otV9cbdFp2S67lVB2L/uANDLgY2mfdR+ACUJnujO5p9nEmkn8WiZv2/zXSjEBEGp1AIXS+tLCpAMMyLWMaCB6d+zfzDnPLDjL4Cu+vvmQrKU2xUZSKiBgkiKYcUQTo9xrMEE1VTN82Wln77xUdkqs+e8ryhrHW3wG2ltAHPt7joNnVB+G+7TzykHK346EuG7lmqzqF/JtQCtVXJnA6M13vyNeuOHozWg0PaqwBO9ufRf/1GM6t3QIJE98Bm9Ex7v1sfBd/BpsNJdoZ8yhv9XWkO9tdUfwJlIspFPrbdJN4IXcHLNubi6lK8OJhsfxYgLAXEBlsJFRkieI3gLOBpCsc9rSi80hTIZzqU+oAvBC57PlGaW/sVj9ZZqKhwhDw/VKAT+RsBU1TrrFA+qEnLD6dq+FpQkllsSRpC66WzZPrBBZJSqsUZklFrG5CNuRGWB68Xy788Zl9oRANsvdHHW2QlWeBtd/jEtqO7jx4uAorPg0o0syu9wYq1+kjOTFTLRB/xXkPkKS6diQx/E+oE0K1rlI+ElyatVrlYp3PUAeLwgLlXWJwLHIqDKhOZTLoPLvFJB7xMzEeLsEJ25CRLMva7o2I21pgK6+tgPAIcPYE7aqT9UtsYipKA1kTA6v25FhxDfEVsi4V25RQD7yXCL8coKKvSeHNbM5OmQqchWtXnXkWhgcO6L8gHc0oWVMpX9fs+mQ==',
      'admin-password':
        'AgBNy16SGnM3chT43cB0IaNO5K6xbFnYFJRgG3FPWBmTD1rXjI0e7CBoaqRMbZZvhQqqh8R42q1vYfQNFT/LTv7VOnNPlBR7CC+Jv4vXHkkuY1nd/yrLeieSU9qfFFIB7VC5pKCwnLY2HEReqOC1VSts7amgtV0mnHC1qwgIfTkbo2oEY9LWmu8+OmevKI9Znw1K1UyqN4JNPspnoDTJduJxJTR3bOaGIgl4yFuzIax4mMlKmLl+pzlY3RnhjzZ5GlBhS+0Ca/T/15nEX8AJHYlQ+tHS2ilEMgrdbfrWSKm/R7qDHl3UdT3utNnVrJvHUjSB2kI5eTmpUbVQFgdlMDi7fdyWtQCmESGbTca1BbKQIzDINrVFhN2b8HWPzpcVhkOpWDfaFEXDlCxxx9/vHAF7oJs9gEA7d5cOLCMzlsKQmsUBPTfDwRH05xtyjSoEQ1WWXH3Yt2YGmPplh6lE/jF3xS+eCndZYmZ5kLS3dVyMrCeyM1Ty6Dpw5XP5TtoQGUJYSs6OG9GBvdjXoO47LlikdUKfV60SUKENASGY2xAoWzlECviTceJGATI5Qd3s+fUqosxw2/Y4F5LLLJBNoiix9EYX6uSmCiwCkGYqJhCpis+cnlUXMPbKzDyf3aLtB8M1qKBYxV2F+vBBR2TNS/S5tsHi/YQe5hJjprcAKGQJ8nAslw7jDuDJZSlyNmT2EWGdhiVuM6OWWrbcVVzfKnC3vkF3j+vj0UA=',
    },
  });
  new SealedSecret(monitoring, 'alert-notifications', {
    encryptedData: {
      'smtp-password':
        'AgCl1j2l5VeZwpZeHFUaZmXsmO2e1fXSgSPUZyZFUDg8skE4bugTWpDyuTmqcoi9qxHVrZZnu56rPBwVb26PQBGn5DKbHkSTFJOCBD2IujYfnAuFBgWcJQjGIu28wmsCjlQgP4HONrEDCA5OjYDdyjX2zR8QZ03SsZOiQFlBcTzV2s70ruBPd54jV9x1XPC4oLIfewBwTV/VVJhJdLm2ezfcEcYJ9OWlTwlAw4WH1YfqkSAf/R6e0J9v8OLZ+YdxVHl9D9DSQrKXV2i/2ebkMwXoniRosW2eE6oyaIKtrWccQN/rHuhVBzVpYykCeQxbzIyRNm5hZo1dr5Dsa7xPZ9d5t0fnbJsUhlhPzdB+MEKCmx4un95hC8t5tR9s0nIU5x1lnyLtH5MtS+a+EgvtirfxNsCT6O00yZ9I3i2R//BVKwo+ffCgLS+k+3QlK1Wi01AAtLaMvWuGH2gnAbxJG4OhDf4Ze/C9QFf7ErTQQo090voP2wfCL6CY0EiIgA7O6sEKBemM3hc2++oa9qP0W0LUV+DbgOwxwg5k7LEa/XgkmqvNHqPM2u/mh9a7uRi6WMVUYRP1TVxFIahp4HHS0osHNHdgEJ+gLCg1A5o4C3YfDoJaGG/KE3qGfSRUQy5XF5mE8F+XU50IFx1mGqSb6iSMrCPRBfpJAI3Z3NSN4D8rKcfyPmnz80oo99ag7kbN6SzHOO4lf6d+TC7jrT3jkE/D1TrPD5tF1bE=',
    },
  });
}
