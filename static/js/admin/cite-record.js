/* "Cite a record" and "Check now" on the article form (articles/admin_citing.py). A static file with no
   inline script or handlers, no framework: plain DOM, the admin's buttons and fields, keyboard first. */
(function() {
    'use strict';

    function csrfToken() {
        const field = document.querySelector('input[name=csrfmiddlewaretoken]');
        return field ? field.value : '';
    }

    function element(tag, attrs, text) {
        const node = document.createElement(tag);
        Object.keys(attrs || {}).forEach(function(name) {
            node.setAttribute(name, attrs[name]);
        });
        if (text !== undefined) {
            node.textContent = text;
        }
        return node;
    }

    function debounce(fn, ms) {
        let timer = null;
        return function() {
            window.clearTimeout(timer);
            timer = window.setTimeout(fn, ms);
        };
    }

    function setUpCiting(panel, body) {
        const query = panel.querySelector('#cite-record-query');
        const status = panel.querySelector('#cite-record-status');
        const results = panel.querySelector('#cite-record-results');
        const references = panel.querySelector('#cite-record-references');
        // Where the writer's cursor was in the body, kept while focus is in the panel.
        let start = body.value.length;
        let end = start;
        ['select', 'keyup', 'click', 'input', 'blur'].forEach(function(name) {
            body.addEventListener(name, function() {
                start = body.selectionStart;
                end = body.selectionEnd;
            });
        });

        function insert(shortcode) {
            body.value = body.value.slice(0, start) + shortcode + body.value.slice(end);
            start = end = start + shortcode.length;
            body.focus();
            body.setSelectionRange(start, end);
            body.dispatchEvent(new Event('input', {bubbles: true}));
            status.textContent = 'Inserted ' + shortcode + ' into the body.';
        }

        function valueRows(flight, rows, kind) {
            const table = element('table');
            table.appendChild(element('caption', {}, kind === 'fact' ? 'Facts computed from the records' : 'Fields of the record'));
            const tbody = element('tbody');
            rows.forEach(function(row) {
                const tr = element('tr');
                tr.appendChild(element('th', {scope: 'row'}, row.label));
                tr.appendChild(element('td', {}, row.value));
                tr.appendChild(element('td', {}, row.source));
                const cell = element('td');
                const button = element('button', {
                    type: 'button',
                    'class': 'button cite-insert',
                    'data-shortcode': row.shortcode,
                    'aria-label': 'Insert ' + row.label + ' (' + row.value + ') of ' + flight.slug,
                }, 'Insert');
                cell.appendChild(button);
                tr.appendChild(cell);
                tbody.appendChild(tr);
            });
            table.appendChild(tbody);
            return table;
        }

        function render(answer) {
            results.textContent = '';
            status.textContent = answer.message;
            answer.flights.forEach(function(flight, index) {
                const id = 'cite-flight-' + index;
                const section = element('section', {'class': 'cite-flight'});
                const heading = element('h3');
                const toggle = element('button', {type: 'button', 'aria-expanded': 'false', 'aria-controls': id},
                    flight.title + ' — ' + flight.slug + (flight.route ? ' (' + flight.route + ')' : ''));
                heading.appendChild(toggle);
                section.appendChild(heading);
                const details = element('div', {id: id, hidden: ''});
                details.appendChild(valueRows(flight, flight.fields, 'field'));
                details.appendChild(valueRows(flight, flight.facts, 'fact'));
                section.appendChild(details);
                toggle.addEventListener('click', function() {
                    const open = toggle.getAttribute('aria-expanded') === 'true';
                    toggle.setAttribute('aria-expanded', open ? 'false' : 'true');
                    details.hidden = open;
                });
                results.appendChild(section);
            });
            if (answer.flights.length === 1) {
                results.querySelector('button[aria-expanded]').click();
            }
        }

        let latest = 0;
        let searched = null;
        function search() {
            // Enter and the pause after typing may both ask for the same query: answer once, so a late
            // duplicate answer cannot redraw the results (and the status) after a value was inserted.
            if (query.value === searched) {
                return;
            }
            searched = query.value;
            const asked = ++latest;
            const url = panel.dataset.searchUrl + '?q=' + encodeURIComponent(query.value);
            status.textContent = 'Searching…';
            fetch(url, {credentials: 'same-origin', headers: {Accept: 'application/json'}})
                .then(function(response) {
                    if (!response.ok) {
                        throw new Error('The search failed (' + response.status + '). Try again.');
                    }
                    return response.json();
                })
                .then(function(answer) {
                    if (asked === latest) {
                        render(answer);
                    }
                })
                .catch(function(error) {
                    searched = null;
                    status.textContent = error.message;
                });
        }

        query.addEventListener('input', debounce(search, 300));
        query.addEventListener('keydown', function(event) {
            // Enter searches; it must not submit the article form.
            if (event.key === 'Enter') {
                event.preventDefault();
                search();
            }
        });
        results.addEventListener('click', function(event) {
            const button = event.target.closest('button.cite-insert');
            if (button) {
                insert(button.dataset.shortcode);
            }
        });

        function checkReferences() {
            const form = new FormData();
            form.append('csrfmiddlewaretoken', csrfToken());
            form.append('body', body.value);
            fetch(panel.dataset.checkUrl, {method: 'POST', body: form, credentials: 'same-origin'})
                .then(function(response) {
                    return response.ok ? response.json() : {problems: []};
                })
                .then(function(answer) {
                    references.textContent = '';
                    if (!answer.problems.length) {
                        return;
                    }
                    references.appendChild(element('p', {'class': 'errornote'}, 'Citations that cannot be shown:'));
                    const list = element('ul');
                    answer.problems.forEach(function(problem) {
                        const item = element('li', {}, problem.message + (problem.suggestions.length ? '. Did you mean:' : '.'));
                        problem.suggestions.forEach(function(suggestion) {
                            item.appendChild(document.createTextNode(' '));
                            item.appendChild(element('button', {
                                type: 'button',
                                'class': 'button cite-replace',
                                'data-text': problem.text,
                                'data-suggestion': suggestion,
                                'aria-label': 'Replace ' + problem.text + ' with ' + suggestion,
                            }, suggestion));
                        });
                        list.appendChild(item);
                    });
                    references.appendChild(list);
                })
                .catch(function() { /* the check on save still catches it */ });
        }
        references.addEventListener('click', function(event) {
            const button = event.target.closest('button.cite-replace');
            if (!button) {
                return;
            }
            const at = body.value.indexOf(button.dataset.text);
            if (at >= 0) {
                body.value = body.value.slice(0, at) + button.dataset.suggestion + body.value.slice(at + button.dataset.text.length);
                status.textContent = 'Replaced with ' + button.dataset.suggestion + '.';
                button.closest('li').remove();
                body.dispatchEvent(new Event('input', {bubbles: true}));
                body.focus();
            }
        });
        body.addEventListener('input', debounce(checkReferences, 800));
        if (body.value.indexOf('{{') >= 0) {
            checkReferences();
        }
    }

    function setUpCheckNow(box) {
        const button = box.querySelector('#check-now-button');
        const results = box.querySelector('#check-now-results');
        function value(id) {
            const field = document.getElementById(id);
            return field ? field.value : '';
        }
        button.addEventListener('click', function() {
            const form = new FormData();
            form.append('csrfmiddlewaretoken', csrfToken());
            form.append('headline', value('id_headline'));
            form.append('dek', value('id_dek'));
            form.append('body', value('id_body'));
            form.append('published_on', value('id_published_at_0'));
            document.querySelectorAll('select[name^="cited_flights-"][name$="-flight"]').forEach(function(select) {
                const removed = document.querySelector('input[name="' + select.name.replace(/-flight$/, '-DELETE') + '"]');
                if (select.value && !(removed && removed.checked)) {
                    form.append('cited', select.value);
                }
            });
            button.disabled = true;
            results.textContent = 'Checking…';
            fetch(box.dataset.checkNowUrl, {method: 'POST', body: form, credentials: 'same-origin'})
                .then(function(response) {
                    if (!response.ok) {
                        throw new Error('The check failed (' + response.status + '). Try again.');
                    }
                    return response.text();
                })
                .then(function(html) {
                    // Rendered and escaped by the server's template.
                    results.innerHTML = html;
                    results.focus();
                })
                .catch(function(error) {
                    results.textContent = error.message;
                })
                .finally(function() {
                    button.disabled = false;
                });
        });
    }

    window.addEventListener('load', function() {
        const body = document.getElementById('id_body');
        const panel = document.querySelector('.cite-record');
        if (panel && body) {
            setUpCiting(panel, body);
        }
        const box = document.querySelector('.check-now');
        if (box) {
            setUpCheckNow(box);
        }
    });
})();
