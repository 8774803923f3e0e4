// The Camunda 8 Modeler's element-template stack, wired as Camunda Modeler does for a Cloud
// diagram (bpmn-js Modeler + properties panel + Zeebe provider + Cloud element templates +
// Zeebe modeling behaviors), exposed as window.modelerCheck for tests/modeler/harness.py.
//
// Every step a person takes in the Modeler is a real call here: the template file is parsed and
// registered through elementTemplatesLoader (which validates it, as the Modeler does when it
// loads a template folder), applied to a task, the panel is rendered for it, and choosers and
// fields are changed through the panel's own DOM (input events on its <select>/<input>), so the
// panel's handlers, the commands and ConditionalBehavior run as they would for a click.
// Timings are performance.now() around those calls, up to the last change of the page's DOM
// before it stayed unchanged for QUIET_MS (so the panel's effects and re-renders are included).

import BpmnModeler from 'bpmn-js/lib/Modeler';
import {
  BpmnPropertiesPanelModule,
  BpmnPropertiesProviderModule,
  ZeebePropertiesProviderModule
} from 'bpmn-js-properties-panel';
import { CloudElementTemplatesPropertiesProviderModule } from 'bpmn-js-element-templates';
import ZeebeBehaviorsModule from 'camunda-bpmn-js-behaviors/lib/camunda-cloud';
import zeebeModdle from 'zeebe-bpmn-moddle/resources/zeebe.json';

import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import '@bpmn-io/properties-panel/dist/assets/properties-panel.css';
import 'bpmn-js-element-templates/dist/assets/element-templates.css';

import diagramXML from './diagram.bpmn';

const CAMUNDA_VERSION = '8.8.0';

let modeler = null;
let element = null;

// The page's DOM has settled once nothing in it changed for QUIET_MS; the time returned is that
// of the last change (the panel's effects run in later frames, so one frame is not enough).
const QUIET_MS = 150;

function settled() {
  return new Promise(resolve => {
    let last = performance.now();
    const observer = new MutationObserver(() => {
      last = performance.now();
    });
    observer.observe(document.body, {
      subtree: true, childList: true, attributes: true, characterData: true
    });
    const check = () => {
      if (performance.now() - last >= QUIET_MS) {
        observer.disconnect();
        resolve(last);
      } else {
        setTimeout(check, 20);
      }
    };
    setTimeout(check, 20);
  });
}

function panel() {
  return document.querySelector('#properties');
}

async function reset() {
  if (modeler) {
    modeler.destroy();
  }
  document.querySelector('#canvas').innerHTML = '';
  panel().innerHTML = '';
  modeler = new BpmnModeler({
    container: '#canvas',
    propertiesPanel: { parent: '#properties' },
    additionalModules: [
      BpmnPropertiesPanelModule,
      BpmnPropertiesProviderModule,
      ZeebePropertiesProviderModule,
      CloudElementTemplatesPropertiesProviderModule,
      ZeebeBehaviorsModule
    ],
    moddleExtensions: { zeebe: zeebeModdle },
    elementTemplates: { engines: { camunda: CAMUNDA_VERSION } }
  });
  await modeler.importXML(diagramXML);
  element = modeler.get('elementRegistry').get('Task_1');
  modeler.get('selection').select(element);
  await settled();
}

// Register the template file's text, apply the template to the selected task, render the panel.
async function load(templateText) {
  await reset();
  const errors = [];
  modeler.get('eventBus').on('elementTemplates.errors', event => {
    errors.push(...event.errors.map(e => String(e.message || e)));
  });
  const t0 = performance.now();
  const parsed = JSON.parse(templateText);
  modeler.get('elementTemplatesLoader').setTemplates(Array.isArray(parsed) ? parsed : [parsed]);
  const t1 = performance.now();
  const template = Array.isArray(parsed) ? parsed[0] : parsed;
  const registered = modeler.get('elementTemplates').get(template.id, template.version);
  if (!registered) {
    return { ok: false, errors: errors.length ? errors : ['template not registered'] };
  }
  element = modeler.get('elementTemplates').applyTemplate(element, registered);
  const t2 = performance.now();
  modeler.get('selection').select(element);
  const t3 = Math.max(await settled(), t2);
  return {
    ok: true,
    errors,
    register: t1 - t0,
    apply: t2 - t1,
    render: t3 - t2,
    total: t3 - t0,
    entries: panel().querySelectorAll('.bio-properties-panel-entry').length
  };
}

function sameValues(select, values) {
  const wanted = values.filter(v => v !== '');
  const options = Array.from(select.options).map(o => o.value).filter(v => v !== '');
  return options.length === wanted.length && options.every((v, i) => v === wanted[i]);
}

// Pick `value` in the panel's <select> whose options are exactly `choices`, as a click would.
async function choose(choices, value) {
  const selects = Array.from(panel().querySelectorAll('select'))
    .filter(select => sameValues(select, choices));
  if (selects.length !== 1) {
    return { ok: false, error: `${selects.length} select(s) with options ${choices.slice(0, 3)}...` };
  }
  const select = selects[0];
  const t0 = performance.now();
  select.value = value;
  select.dispatchEvent(new Event('input', { bubbles: true }));
  select.dispatchEvent(new Event('change', { bubbles: true }));
  const t1 = performance.now();
  const t2 = Math.max(await settled(), t1);
  return { ok: true, handler: t1 - t0, total: t2 - t0, entries: panel().querySelectorAll('.bio-properties-panel-entry').length };
}

// Only the template's own groups: the General group has the element's own `ID` and `Name`,
// which a template field may share a label with (Saleor's argument `id`, labelled `ID`).
function entryByLabel(label) {
  const custom = '[data-group-id^="group-ElementTemplates__CustomProperties"]';
  return Array.from(panel().querySelectorAll(`${custom} .bio-properties-panel-entry`)).filter(entry => {
    const own = entry.querySelector('label');
    return own && own.textContent.trim() === label;
  });
}

// What the panel shows in an entry: the <select>/<input>/<textarea> value, or a FEEL editor's text.
function shown(entry) {
  const editor = entry.querySelector('.bio-properties-panel-feel-editor-container .cm-content');
  if (editor) {
    const empty = editor.querySelector('.cm-placeholder') !== null;
    return { kind: 'feel-editor', text: empty ? '' : editor.innerText.replace(/\u00a0/g, ' ') };
  }
  const control = entry.querySelector('select, textarea, input');
  if (!control) {
    return { kind: 'none', text: '' };
  }
  if (control.type === 'checkbox') {
    return { kind: 'checkbox', text: String(control.checked) };
  }
  return { kind: control.tagName.toLowerCase(), text: control.value };
}

// Type `text` into the field labelled `label` (one such entry must be shown), then wait for the
// panel's input debounce so the value reaches the model.
async function fill(label, text) {
  const entries = entryByLabel(label);
  if (entries.length !== 1) {
    return { ok: false, error: `${entries.length} entries labelled ${JSON.stringify(label)}` };
  }
  const entry = entries[0];
  const editor = entry.querySelector('.cm-content');
  if (editor) {
    return { ok: false, error: `${JSON.stringify(label)} shows a FEEL editor` };
  }
  const control = entry.querySelector('textarea, input:not([type=checkbox])');
  if (!control) {
    return { ok: false, error: `${JSON.stringify(label)} has no text control` };
  }
  control.focus();
  control.value = text;
  control.dispatchEvent(new Event('input', { bubbles: true }));
  control.blur();
  const deadline = performance.now() + 10000;
  while (performance.now() < deadline) {
    const { xml } = await modeler.saveXML();
    if (xml.includes(text)) {
      return { ok: true };
    }
    await new Promise(resolve => setTimeout(resolve, 50));
  }
  return { ok: false, error: `${JSON.stringify(text)} never reached the diagram` };
}

// Every entry the panel shows: its label and what it displays.
function entries() {
  return Array.from(panel().querySelectorAll('.bio-properties-panel-entry')).map(entry => {
    const own = entry.querySelector('label');
    return {
      id: entry.getAttribute('data-entry-id'),
      label: own ? own.textContent.trim() : '',
      ...shown(entry)
    };
  });
}

async function saveXML() {
  const { xml } = await modeler.saveXML({ format: true });
  return xml;
}

window.modelerCheck = { load, choose, fill, entries, saveXML, ready: true };
