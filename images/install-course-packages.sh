#!/bin/bash
# Installs what hubfleet's hub features need in a user server (run as NB_USER by images/*/Dockerfile):
# nbgrader (assignment list, formgrader, CLI; 0.9 needs JupyterLab 4 and Notebook 7, which the
# 2025 Docker Stacks have), nbgitpuller (the /git-pull links) and ngshare_exchange (the exchange).
# ngshare_exchange 0.5.3 declares `jupyter_core<4.11.2`, which contradicts nbgrader 0.9's
# jupyter_server>=2 (it needs a newer jupyter_core), so pip cannot resolve both: install it
# without dependencies, plus its one other dependency, rapidfuzz (its code only imports
# jupyter_core.paths.jupyter_data_dir, which every jupyter_core has). Extra packages: "$@".
set -euxo pipefail
pip install --no-cache-dir \
    "nbgrader==${NBGRADER_VERSION}" \
    "nbgitpuller==${NBGITPULLER_VERSION}" \
    "rapidfuzz==${RAPIDFUZZ_VERSION}" \
    "$@"
pip install --no-cache-dir --no-deps "ngshare_exchange==${NGSHARE_EXCHANGE_VERSION}"
python -c "import nbgrader, nbgitpuller; from ngshare_exchange import configureExchange"
fix-permissions "${CONDA_DIR}"
fix-permissions "/home/${NB_USER}"
