/* Soft edit locks on an admin change page: renew "being edited by you" while the page is open, show who
   else is editing and whether someone saved a newer version, and drop the mark when the page is left.
   Served as a static file (no inline script), talks to <change url>/../editing/ (newsroom/admin_locks.py). */
(function() {
    'use strict';
    const path = window.location.pathname;
    if (!/\/change\/$/.test(path)) {
        return;
    }
    const url = path.replace(/change\/$/, 'editing/');

    function csrfToken() {
        const field = document.querySelector('input[name=csrfmiddlewaretoken]');
        return field ? field.value : '';
    }

    function statusList() {
        let list = document.querySelector('ul.messagelist');
        if (!list) {
            list = document.createElement('ul');
            list.className = 'messagelist';
            const main = document.getElementById('content') || document.body;
            main.parentNode.insertBefore(list, main);
        }
        return list;
    }

    function show(className, text) {
        let item = document.querySelector('ul.messagelist li.' + className);
        if (!text) {
            if (item) {
                item.remove();
            }
            return;
        }
        if (!item) {
            item = document.createElement('li');
            item.className = 'warning ' + className;
            statusList().appendChild(item);
        }
        if (item.textContent !== text) {
            item.textContent = text;
        }
        // Polite: a screen reader hears the change when the user pauses, without losing their place.
        item.setAttribute('role', 'status');
    }

    function beat() {
        const body = new FormData();
        body.append('csrfmiddlewaretoken', csrfToken());
        const version = document.querySelector('input[name=loaded_version]');
        if (version) {
            body.append('loaded_version', version.value);
        }
        return fetch(url, {method: 'POST', body: body, credentials: 'same-origin'})
            .then(function(response) {
                return response.ok ? response.json() : null;
            })
            .then(function(answer) {
                if (!answer) {
                    return;
                }
                show('edit-lock', answer.text);
                show('edit-newer-version', answer.newer_version ? answer.newer_text : '');
                if (answer.heartbeat_seconds) {
                    interval = answer.heartbeat_seconds * 1000;
                }
            })
            .catch(function() { /* offline for a moment: the next beat tries again */ });
    }

    let interval = 30000;
    let timer = null;
    function schedule() {
        timer = window.setTimeout(function() {
            beat().finally(schedule);
        }, interval);
    }

    window.addEventListener('pagehide', function() {
        window.clearTimeout(timer);
        const body = new FormData();
        body.append('csrfmiddlewaretoken', csrfToken());
        body.append('release', '1');
        navigator.sendBeacon(url, body);
    });
    window.addEventListener('pageshow', function(event) {
        // Back to the page from the browser's cache: it was released on leaving, so mark it again.
        if (event.persisted) {
            beat();
        }
    });
    window.addEventListener('load', schedule);
})();
